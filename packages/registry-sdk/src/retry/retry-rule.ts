/** The project's one HTTP retry rule: which statuses to retry, how long to wait, when a hint ends the retries. */
import { DEFAULT_MAX_RETRY_AFTER_MS } from './retry-after.js';

/** Retries after the first attempt of an idempotent call, unless configured (2). */
export const DEFAULT_MAX_RETRIES = 2;

/** True for the statuses worth repeating a call for: 408, 409, 429 and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * The wait before the next retry: the backoff's `jitteredMs`, or the server's `hintMs` when that is longer.
 * Undefined when the hint exceeds `maxRetryAfterMs`: the call then ends with its failure instead of waiting.
 *
 * @example
 * ```ts
 * const delay = retryDelay(backoff.next(), error.retryAfterMs);
 * if (delay === undefined) throw error;
 * ```
 */
export function retryDelay(
  jitteredMs: number,
  hintMs: number | undefined,
  maxRetryAfterMs: number = DEFAULT_MAX_RETRY_AFTER_MS,
): number | undefined {
  if (hintMs !== undefined && hintMs > maxRetryAfterMs) return undefined;
  return Math.max(jitteredMs, hintMs ?? 0);
}

/** Waits `ms`; resolves true when the time elapsed, false as soon as `signal` aborts. Never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
