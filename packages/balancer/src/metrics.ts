/** Counters a Prometheus exporter can read: a plain snapshot object, no client library dependency. */

/** Per-endpoint figures in a {@link BalancerMetricsSnapshot}. */
export interface EndpointMetrics {
  readonly picks: number;
  readonly successes: number;
  readonly failures: number;
  readonly inFlight: number;
  readonly latencyMs: number;
  readonly ejected: boolean;
  readonly ejections: number;
  readonly breaker: 'closed' | 'open' | 'half-open';
}

/** Monotonic counters (Prometheus counters) plus per-endpoint gauges. */
export interface BalancerMetricsSnapshot {
  readonly requests: number;
  readonly successes: number;
  readonly failures: number;
  readonly attempts: number;
  readonly retries: number;
  readonly retryBudgetExhausted: number;
  readonly hedges: number;
  readonly ejections: number;
  readonly readmissions: number;
  readonly breakerOpens: number;
  readonly bulkheadRejections: number;
  readonly noEndpoint: number;
  readonly panics: number;
  readonly endpoints: Readonly<Record<string, EndpointMetrics>>;
}

/** Mutable counters kept by the balancer. */
export type Counters = { -readonly [K in Exclude<keyof BalancerMetricsSnapshot, 'endpoints'>]: number };

/** Fresh zeroed counters. */
export function zeroCounters(): Counters {
  return {
    requests: 0,
    successes: 0,
    failures: 0,
    attempts: 0,
    retries: 0,
    retryBudgetExhausted: 0,
    hedges: 0,
    ejections: 0,
    readmissions: 0,
    breakerOpens: 0,
    bulkheadRejections: 0,
    noEndpoint: 0,
    panics: 0,
  };
}
