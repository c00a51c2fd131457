/** Times as the v0 API writes them: naive ISO-8601 in UTC with microseconds (Python's `datetime.isoformat()`). */

/**
 * `YYYY-MM-DDTHH:MM:SS.ffffff` for `ms` (epoch milliseconds), in UTC and without a zone suffix, because the v0
 * client parses it with `datetime.fromisoformat`, which refuses `Z` before Python 3.11.
 *
 * @example
 * naiveIso(0); // '1970-01-01T00:00:00.000000'
 */
export function naiveIso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000`;
}
