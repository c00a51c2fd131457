/** Retry backoff: the project's one full-jitter rule, from @compass/registry-sdk (re-exported for balancer users). */
export { fullJitterBackoff, type BackoffOptions, type BackoffSequence } from '@compass/registry-sdk';
