/** Public surface of the registry client: the client, its long-lived objects and its errors. */
export {
  RegistryClient,
  type RegistryClientOptions,
  type InstanceFilter,
  type ListInstancesOptions,
  type ServiceSummary,
} from './registry-client.js';
export {
  Registration,
  type RegistrationEvents,
  type RegistrationOptions,
  type RegistrationState,
  type RegisterReason,
} from './registration.js';
export { Discovery, type DiscoveryEvents, type DiscoveryOptions } from './discovery.js';
export { type CallOptions, DEFAULT_TIMEOUT_MS } from './transport.js';
export {
  RegistryHttpError,
  RegistryRequestError,
  RegistryAuthError,
  RegistryNotFoundError,
  RegistryServerError,
  RegistryUnreachableError,
  RegistryTimeoutError,
  RegistryAbortedError,
  errorFromResponse,
  errorFromFailure,
  type RegistryHttpErrorOptions,
} from './errors.js';
