/** The registry's v0 (FLASH-DOCK) API adapter: router, record mapping and the keyless-access allow-list. */
export { createV0RegistryRouter, V0_TAG, type V0RegistryOptions } from './router.js';
export { toV0ServiceInfo, v0StatusOf, type V0ServiceInfo, type V0Status } from './service-info.js';
export { naiveIso } from './naive-time.js';
export { encodeV0Metadata, decodeV0Metadata, V0_JSON_KEYS } from './metadata-codec.js';
export { addressAllowList, plainAddress } from './address-allow-list.js';
export {
  V0RequestError,
  InvalidAllowEntryError,
  serviceNotFound,
  type V0ErrorCode,
  type V0ValidationIssue,
} from './errors.js';
export { v0RegisterBodySchema, toV0Issues, parseV0, type V0RegisterBody } from './schemas.js';
export { probeV0Health } from './health-probe.js';
