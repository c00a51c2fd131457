/** The client's retry rule: cockatiel's retry with full-jitter backoff, honouring the server's Retry-After hint. */
import { fullJitterBackoff, type BackoffOptions, type BackoffSequence } from '@compass/balancer';
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
  return e.retryAfterMs === undefined || e.retryAfterMs <= maxRetryAfterMs;
}

/** A cockatiel retry policy for idempotent calls; each call gets its own backoff sequence. */
export function clientRetryPolicy(options: ClientRetryOptions = {}): RetryPolicy {
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const backoffOptions = { initialMs: 100, maxMs: 2_000, ...options.backoff };
  return retry(
    handleWhen((e) => retryableError(e, maxRetryAfterMs)),
    {
      maxAttempts: options.maxRetries ?? 2,
      backoff: new DelegateBackoff<IRetryBackoffContext<unknown>, BackoffSequence>((context, state) => {
        const sequence = state ?? fullJitterBackoff(backoffOptions, Math.random);
        const jittered = sequence.next();
        const error = 'error' in context.result ? context.result.error : undefined;
        const hint = isCompassClientError(error) ? error.retryAfterMs : undefined;
        // The server's hint wins when it is longer than our own wait.
        return { delay: Math.max(jittered, hint ?? 0), state: sequence };
      }),
    },
  );
}
