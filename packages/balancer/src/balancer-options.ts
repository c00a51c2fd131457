/** Options for a {@link Balancer} and for one call. */
import type { InstanceSource } from '@compass/registry-sdk';
import type { EndpointInput } from './endpoint.js';
import type { EwmaOptions } from './endpoint-stats.js';
import type { Picker, PickerName } from './pickers/index.js';
import type { BackoffOptions } from '@compass/registry-sdk';
import type { BreakerOptions, BreakerSnapshot } from './policies/circuit-breaker.js';
import type { FailurePredicate } from './policies/failure-predicate.js';
import type { OutlierOptions } from './policies/outlier-detector.js';
import type { RetryBudgetOptions } from './policies/retry-budget.js';
import type { RandomSource } from './random.js';
import type { Transport } from './transport.js';

/** Retry behaviour. Retries only happen for idempotent calls (or calls marked safe), and within the budget. */
export interface RetryOptions {
  /** Retries after the first attempt (default 2, the project's `DEFAULT_MAX_RETRIES`). */
  readonly maxRetries?: number;
  /** Full-jitter backoff caps (default 100 ms doubling to 2 s, the project's `DEFAULT_BACKOFF`). */
  readonly backoff?: BackoffOptions;
  /** Largest `Retry-After` honoured, in ms (default 30 s, `DEFAULT_MAX_RETRY_AFTER_MS`); longer hints end the call. */
  readonly maxRetryAfterMs?: number;
  /** Retry budget; `false` disables it (not recommended). */
  readonly budget?: RetryBudgetOptions | false;
}

/** Hedging: after `delayMs` without an answer, send the same call to another endpoint; the first success wins. */
export interface HedgeOptions {
  readonly delayMs: number;
  /** Extra attempts in flight at most (default 1). */
  readonly maxHedges?: number;
}

/** Concurrency caps with a bounded queue; beyond them calls fail with `BulkheadRejectedError`. */
export interface BulkheadOptions {
  /** Calls in flight overall (including their retries). */
  readonly maxInFlight?: number;
  /** Calls waiting for an overall slot (default 0). */
  readonly maxQueue?: number;
  /** Attempts in flight per endpoint; full endpoints are skipped by pickers. */
  readonly maxInFlightPerEndpoint?: number;
}

/** Exported balancer state (breakers), to restore after a restart. */
export interface BalancerState {
  readonly breakers: Readonly<Record<string, BreakerSnapshot>>;
}

/** Options for {@link Balancer}. Give exactly one of `source` and `endpoints`. */
export interface BalancerOptions<Req, Res> {
  /** A live registry list (e.g. the registry client's watch). Draining and non-passing instances are skipped. */
  readonly source?: InstanceSource;
  /** A static list instead of a registry source. */
  readonly endpoints?: readonly EndpointInput[];
  readonly transport: Transport<Req, Res>;
  /** Picker name or instance (default `'p2c'`). */
  readonly picker?: PickerName | Picker;
  /** Outlier ejection; `false` disables it. */
  readonly outlier?: OutlierOptions | false;
  /** Per-endpoint circuit breakers; `false` disables them. */
  readonly breaker?: BreakerOptions | false;
  readonly retry?: RetryOptions;
  /** Hedging, opt-in: off unless given (and then only for idempotent calls). */
  readonly hedge?: HedgeOptions;
  readonly bulkhead?: BulkheadOptions;
  /** Default per-attempt timeout in ms. */
  readonly perTryTimeoutMs?: number;
  /** Default overall deadline per call in ms (all attempts and backoffs). */
  readonly deadlineMs?: number;
  /** Which failures count against an endpoint (ejection and breaking). */
  readonly isFailure?: FailurePredicate;
  readonly ewma?: EwmaOptions;
  /** Random source for pickers and jitter (default `Math.random`); seed it in tests. */
  readonly random?: RandomSource;
  /** Clock in ms (default `performance.now`). */
  readonly now?: () => number;
  /** State from {@link Balancer.exportState}. */
  readonly initialState?: BalancerState;
}

/** Per-call options. */
export interface CallOptions {
  /** Marks the call safe to repeat; defaults to the transport's `isIdempotent(request)`, else false. */
  readonly idempotent?: boolean;
  readonly signal?: AbortSignal;
  readonly deadlineMs?: number;
  readonly perTryTimeoutMs?: number;
  /** Set false to turn hedging off for this call. */
  readonly hedge?: boolean;
}
