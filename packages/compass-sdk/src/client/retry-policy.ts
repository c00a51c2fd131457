/** The client's retry policy: cockatiel's retry carrying the project's one retry rule (from @compass/registry-sdk). */
import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_AFTER_MS,
  fullJitterBackoff,
  retryDelay,
  type BackoffOptions,
  type BackoffSequence,
} from '@compass/registry-sdk';
import { DelegateBackoff, handleWhen, retry, type IRetryBackoffContext, type RetryPolicy } from 'cockatiel';
import { isCompassClientError } from './errors.js';

/** Retry settings of {@link CompassClient}. */
export interface ClientRetryOptions {
  /** Retries after the first attempt for idempotent calls (default 2; 0 disables). */
  readonly maxRetries?: number;
  /** Backoff caps (default 100 ms doubling to 2 s, full jitter). */
  readonly backoff?: BackoffOptions;
  /** Longest `Retry-After` hint honoured; a longer hint ends the retries (default 30 s). */
  readonly maxRetryAfterMs?: number;
}

/** Whether the error is one a retry may cure (the error class decides, never its message). */
function retryableError(e: unknown, maxRetryAfterMs: number): boolean {
  if (!isCompassClientError(e) || !e.retryable) return false;
  return retryDelay(0, e.retryAfterMs, maxRetryAfterMs) !== undefined;
}

/** A cockatiel retry policy for idempotent calls; each call gets its own backoff sequence. */
export function clientRetryPolicy(options: ClientRetryOptions = {}): RetryPolicy {
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  return retry(
    handleWhen((e) => retryableError(e, maxRetryAfterMs)),
    {
      maxAttempts: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      backoff: new DelegateBackoff<IRetryBackoffContext<unknown>, BackoffSequence>((context, state) => {
        const sequence = state ?? fullJitterBackoff(options.backoff);
        const error = 'error' in context.result ? context.result.error : undefined;
        const hint = isCompassClientError(error) ? error.retryAfterMs : undefined;
        // handleWhen already refused hints over the cap, so the rule always gives a delay here.
        return { delay: retryDelay(sequence.next(), hint, maxRetryAfterMs) ?? 0, state: sequence };
      }),
    },
  );
}
