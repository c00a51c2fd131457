/** The one HTTP retry rule, shared by the registry client, the balancer and the SDK client. */
export {
  DEFAULT_BACKOFF,
  fullJitterBackoff,
  type BackoffOptions,
  type BackoffSequence,
  type RandomSource,
} from './backoff.js';
export { DEFAULT_MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after.js';
export { DEFAULT_MAX_RETRIES, isRetryableStatus, retryDelay, sleep } from './retry-rule.js';
