/** Test helpers: a scriptable in-memory transport and endpoint stats builders. */
import type { Endpoint } from '../src/endpoint.js';
import { EndpointStats } from '../src/endpoint-stats.js';
import { TransportError, type TransportFailureKind } from '../src/errors/errors.js';
import type { Transport } from '../src/transport.js';

/** What a scripted endpoint does for one call. */
export type Behaviour =
  | { ok: string; delayMs?: number }
  | { fail: TransportFailureKind; status?: number; retryAfterMs?: number; delayMs?: number };

/** A transport whose endpoints follow scripts; records every call and every abort. */
export class ScriptedTransport implements Transport<string, string> {
  readonly calls: string[] = [];
  readonly aborted: string[] = [];
  constructor(public behaviours: Record<string, (n: number) => Behaviour>) {}

  isIdempotent(request: string): boolean {
    return request.startsWith('GET');
  }

  send(endpoint: Endpoint, _request: string, signal: AbortSignal): Promise<string> {
    const n = this.calls.filter((c) => c === endpoint.id).length;
    this.calls.push(endpoint.id);
    const b = this.behaviours[endpoint.id]!(n);
    return new Promise((resolve, reject) => {
      const settle = () => {
        if ('ok' in b) resolve(b.ok);
        else
          reject(
            new TransportError(`${b.fail} from ${endpoint.id}`, {
              kind: b.fail,
              status: b.status,
              retryAfterMs: b.retryAfterMs,
            }),
          );
      };
      if (!b.delayMs) return settle();
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        settle();
      }, b.delayMs);
      const onAbort = () => {
        clearTimeout(timer);
        this.aborted.push(endpoint.id);
        reject(new Error('aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  count(id: string): number {
    return this.calls.filter((c) => c === id).length;
  }
}

/** Always answers `ok` from the endpoint's id. */
export const ok = (id: string, delayMs?: number) => () => ({ ok: id, ...(delayMs ? { delayMs } : {}) });

/** Stats for endpoints a, b, c... with optional weights. */
export function statsOf(ids: readonly string[], weights: readonly number[] = []): EndpointStats[] {
  return ids.map((id, i) => new EndpointStats({ id, url: `http://${id}`, weight: weights[i] ?? 1 }));
}
