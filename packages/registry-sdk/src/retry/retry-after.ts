/** The server's `Retry-After` hint: parsed once, capped once, for every client in the project. */

/** Longest `Retry-After` any client honours; a longer hint ends the retries with the failure (30 s). */
export const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;

/**
 * Parses `Retry-After` (delay seconds or an HTTP date, RFC 9110 §10.2.3) into ms from `nowMs`; undefined when
 * absent or unreadable. A date in the past gives 0.
 *
 * @example
 * ```ts
 * parseRetryAfter('3'); // 3000
 * parseRetryAfter(new Date(10_000).toUTCString(), 4_000); // 6000
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
