/** Public surface of the registry core: the Registry, its errors (the stores' are in stores/), the registration schema and the id rule. */
export {
  Registry,
  type RegistryOptions,
  type RegistryEvents,
  type BlockingQueryOptions,
} from './registry.js';
export { InstanceNotFoundError, InvalidRegistrationError } from './errors.js';
export { registrationInputSchema, REGISTRATION_LIMITS, SERVICE_NAME_PATTERN } from './schema.js';
export { deriveInstanceId } from './instance-id.js';
export { matchesQuery } from './query-match.js';
