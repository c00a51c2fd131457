/** The balancer's typed event map (eventemitter3). */
import type { Endpoint } from './endpoint.js';
import type { BreakerState } from './policies/circuit-breaker.js';

/** Events a {@link Balancer} emits. Listeners run synchronously; keep them cheap. */
export interface BalancerEvents {
  /** An endpoint was chosen for an attempt (`hedge` true for a hedged attempt). */
  pick: [event: { endpoint: Endpoint; attempt: number; hedge: boolean; panic: boolean }];
  /** A failed attempt will be retried after `delayMs`. */
  retry: [event: { attempt: number; delayMs: number; error: unknown; endpointId: string | undefined }];
  /** A retry was refused because the retry budget is spent; the failure is surfaced. */
  'retry-budget-exhausted': [event: { error: unknown }];
  /** A hedged attempt was started. */
  hedge: [event: { endpoint: Endpoint; attempt: number }];
  /** Outlier ejection of an endpoint until `untilMs` (balancer clock). */
  eject: [event: { endpoint: Endpoint; ejections: number; durationMs: number; untilMs: number }];
  /** An ejected endpoint is back in rotation. */
  readmit: [event: { endpoint: Endpoint }];
  /** An endpoint's circuit breaker changed state; `cause` is the failure that opened it. */
  breaker: [event: { endpoint: Endpoint; from: BreakerState; to: BreakerState; cause: unknown }];
  /** The endpoint list changed (registry update). */
  endpoints: [event: { endpoints: readonly Endpoint[] }];
}
