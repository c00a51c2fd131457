/** One active HTTP check: 2xx passes, 429 warns, anything else, a network error or a timeout fails. */
import { type HttpCheckSpec } from '../instance/types.js';

/** What one check (HTTP probe or TTL report) concluded, with a note for humans. */
export interface CheckOutcome {
  readonly result: 'pass' | 'warn' | 'fail';
  readonly note: string;
}

/** Probes `spec.url` once with `GET`, giving up after `spec.timeoutMs`. Never throws. */
export async function runHttpCheck(
  spec: HttpCheckSpec,
  fetchImpl: typeof fetch,
  signal?: AbortSignal,
): Promise<CheckOutcome> {
  const timeout = AbortSignal.timeout(spec.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const res = await fetchImpl(spec.url, { method: 'GET', signal: combined, redirect: 'manual' });
    // The body is not needed; cancel it so the connection is released.
    await res.body?.cancel().catch(() => undefined);
    const note = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
    if (res.status >= 200 && res.status < 300) return { result: 'pass', note };
    if (res.status === 429) return { result: 'warn', note };
    return { result: 'fail', note };
  } catch (err) {
    if (timeout.aborted) return { result: 'fail', note: `timed out after ${spec.timeoutMs} ms` };
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { result: 'fail', note: `request failed: ${cause ?? (err as Error).message}` };
  }
}
