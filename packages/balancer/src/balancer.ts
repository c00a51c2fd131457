/** The Balancer: one endpoint per attempt, retries across endpoints, breakers, ejection, hedging and bulkheads. */
import type { Instance, InstanceSource } from '@compass/registry-sdk';
import { BulkheadPolicy, TimeoutStrategy, isBulkheadRejectedError, timeout } from 'cockatiel';
import { EventEmitter } from 'eventemitter3';
import { sleep } from './abort.js';
import type {
  BalancerOptions,
  BalancerState,
  CallOptions,
  HedgeOptions,
  RetryOptions,
} from './balancer-options.js';
import { endpointFromInstance, isRoutable, toEndpoint, type Endpoint } from './endpoint.js';
import { EndpointSet } from './endpoint-set.js';
import type { EndpointStats } from './endpoint-stats.js';
import { isBalancerError, isRetryable } from './errors/balancer-error.js';
import {
  AbortedError,
  NoEndpointError,
  BulkheadRejectedError,
  DeadlineExceededError,
  TransportError,
} from './errors/errors.js';
import type { BalancerEvents } from './events.js';
import { hedged } from './hedge.js';
import { zeroCounters, type BalancerMetricsSnapshot, type Counters } from './metrics.js';
import { createPicker, type Picker } from './pickers/index.js';
import { DEFAULT_MAX_RETRIES, fullJitterBackoff, retryDelay } from '@compass/registry-sdk';
import { defaultFailurePredicate, type FailurePredicate } from './policies/failure-predicate.js';
import { OutlierDetector } from './policies/outlier-detector.js';
import { RetryBudget } from './policies/retry-budget.js';
import type { RandomSource } from './random.js';

/** Why a call was stopped from outside its attempts. */
type StopReason = { kind: 'deadline'; ms: number } | { kind: 'abort'; reason: unknown };

/**
 * Client-side load balancer over a registry watch or a static list. Each call picks one endpoint per attempt;
 * failures are classified by the transport and feed outlier ejection and a breaker per endpoint; retries (for
 * idempotent calls only) go to a different endpoint after full-jitter backoff, within a retry budget and the
 * call's deadline.
 *
 * Events ({@link BalancerEvents}): `pick`, `retry`, `retry-budget-exhausted`, `hedge`, `eject`, `readmit`,
 * `breaker`, `endpoints`.
 *
 * @example
 * ```ts
 * const balancer = new Balancer({ source: registry.watch('compass'), transport: httpTransport() });
 * const res = await balancer.call({ method: 'GET', path: '/v1/health' }, { deadlineMs: 2_000 });
 * balancer.close();
 * ```
 */
export class Balancer<Req, Res> extends EventEmitter<BalancerEvents> {
  private readonly options: BalancerOptions<Req, Res>;
  private readonly now: () => number;
  private readonly random: RandomSource;
  private readonly picker: Picker;
  private readonly set: EndpointSet;
  private readonly outlier: OutlierDetector | undefined;
  private readonly budget: RetryBudget | undefined;
  private readonly bulkhead: BulkheadPolicy | undefined;
  private readonly isFailure: FailurePredicate;
  private readonly retry: RetryOptions;
  private readonly counters: Counters = zeroCounters();
  private unsubscribe: (() => void) | undefined;

  constructor(options: BalancerOptions<Req, Res>) {
    super();
    this.options = options;
    this.now = options.now ?? (() => performance.now());
    this.random = options.random ?? Math.random;
    this.picker =
      typeof options.picker === 'object'
        ? options.picker
        : createPicker(options.picker ?? 'p2c', { random: this.random });
    this.isFailure = options.isFailure ?? defaultFailurePredicate;
    this.retry = options.retry ?? {};
    this.outlier =
      options.outlier === false
        ? undefined
        : new OutlierDetector(options.outlier ?? {}, this.now, {
            eject: (id, untilMs, ejections, durationMs) => {
              this.counters.ejections++;
              const endpoint = this.set.get(id)?.endpoint;
              if (endpoint) this.emit('eject', { endpoint, ejections, durationMs, untilMs });
            },
            readmit: (id) => {
              this.counters.readmissions++;
              const endpoint = this.set.get(id)?.endpoint;
              if (endpoint) this.emit('readmit', { endpoint });
            },
          });
    this.set = new EndpointSet({
      now: this.now,
      ewma: options.ewma ?? {},
      outlier: this.outlier,
      breaker: options.breaker === false ? undefined : (options.breaker ?? {}),
      maxInFlightPerEndpoint: options.bulkhead?.maxInFlightPerEndpoint,
      onBreaker: (endpoint, from, to, cause) => {
        if (to === 'open') this.counters.breakerOpens++;
        this.emit('breaker', { endpoint, from, to, cause });
      },
    });
    this.budget =
      this.retry.budget === false ? undefined : new RetryBudget(this.retry.budget ?? {}, this.now);
    const bh = options.bulkhead;
    this.bulkhead =
      bh?.maxInFlight === undefined ? undefined : new BulkheadPolicy(bh.maxInFlight, bh.maxQueue ?? 0);
    if (options.initialState) this.set.restoreBreakers(options.initialState.breakers);
    if (options.source) this.watch(options.source);
    else this.set.update((options.endpoints ?? []).map(toEndpoint));
  }

  private watch(source: InstanceSource): void {
    const apply = (instances: readonly Instance[]) => {
      const endpoints = instances.filter(isRoutable).map(endpointFromInstance);
      this.set.update(endpoints);
      this.emit('endpoints', { endpoints });
    };
    apply(source.current());
    this.unsubscribe = source.subscribe(apply);
  }

  /** The endpoints currently routable (passing, not draining), ejected ones included. */
  endpoints(): readonly Endpoint[] {
    return this.set.all.map((s) => s.endpoint);
  }

  /** Replace the endpoint list by hand (with a registry source, its next update replaces this list again). */
  setEndpoints(endpoints: readonly Endpoint[]): void {
    this.set.update(endpoints);
    this.emit('endpoints', { endpoints });
  }

  /**
   * Send one call. Resolves with the first successful attempt; rejects with a `BalancerError`: the last attempt's
   * classified failure, `NoEndpointError`, `BulkheadRejectedError`, `DeadlineExceededError` or `AbortedError`.
   */
  async call(request: Req, options: CallOptions = {}): Promise<Res> {
    this.counters.requests++;
    const controller = new AbortController();
    let stop: StopReason | undefined;
    const onCallerAbort = () => {
      stop ??= { kind: 'abort', reason: options.signal?.reason };
      controller.abort();
    };
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    if (options.signal?.aborted) onCallerAbort();
    const deadlineMs = options.deadlineMs ?? this.options.deadlineMs;
    const deadlineAt = deadlineMs === undefined ? Infinity : this.now() + deadlineMs;
    const timer =
      deadlineMs === undefined
        ? undefined
        : setTimeout(() => {
            stop ??= { kind: 'deadline', ms: deadlineMs };
            controller.abort();
          }, deadlineMs);
    try {
      const run = () => this.run(request, options, controller.signal, deadlineAt, () => stop);
      const result = this.bulkhead ? await this.bulkhead.execute(run, controller.signal) : await run();
      this.counters.successes++;
      return result;
    } catch (e) {
      this.counters.failures++;
      throw this.finalError(e, stop);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCallerAbort);
      controller.abort();
    }
  }

  private finalError(e: unknown, stop: StopReason | undefined): unknown {
    if (stop?.kind === 'deadline') {
      return isBalancerError(e) && e.code === 'DEADLINE_EXCEEDED'
        ? e
        : new DeadlineExceededError(`deadline of ${stop.ms} ms exceeded`, { cause: e });
    }
    if (stop?.kind === 'abort') {
      return isBalancerError(e) && e.code === 'ABORTED'
        ? e
        : new AbortedError('call aborted', { cause: stop.reason });
    }
    if (isBulkheadRejectedError(e)) {
      this.counters.bulkheadRejections++;
      return new BulkheadRejectedError('overall bulkhead and its queue are full', 'overall', { cause: e });
    }
    if (isBalancerError(e) && e.code === 'BULKHEAD_REJECTED') this.counters.bulkheadRejections++;
    if (isBalancerError(e) && e.code === 'NO_ENDPOINT') this.counters.noEndpoint++;
    return e;
  }

  private async run(
    request: Req,
    options: CallOptions,
    signal: AbortSignal,
    deadlineAt: number,
    stopped: () => StopReason | undefined,
  ): Promise<Res> {
    this.budget?.recordRequest();
    const idempotent = options.idempotent ?? this.options.transport.isIdempotent?.(request) ?? false;
    const maxRetries = this.retry.maxRetries ?? DEFAULT_MAX_RETRIES;
    let backoff: ReturnType<typeof fullJitterBackoff> | undefined; // built on the first retry only
    const hedge: HedgeOptions | undefined =
      idempotent && options.hedge !== false ? this.options.hedge : undefined;
    const tried = new Set<string>();
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) throw new AbortedError('call stopped before the next attempt');
      try {
        if (hedge) {
          return await hedged({
            delayMs: hedge.delayMs,
            maxAttempts: 1 + (hedge.maxHedges ?? 1),
            signal,
            select: (isHedge) => this.select(tried, isHedge),
            send: (stats, s, isHedge) => {
              if (isHedge) {
                this.counters.hedges++;
                this.emit('hedge', { endpoint: stats.stats.endpoint, attempt });
              }
              return this.attempt(stats, request, s, attempt, options, isHedge);
            },
          });
        }
        return await this.attempt(this.select(tried), request, signal, attempt, options);
      } catch (e) {
        if (stopped() || signal.aborted) throw e;
        const sentUnsafe = !idempotent && !(e instanceof TransportError && !e.requestSent);
        if (!isRetryable(e) || sentUnsafe || attempt >= maxRetries) throw e;
        if (this.budget && !this.budget.tryWithdraw()) {
          this.counters.retryBudgetExhausted++;
          this.emit('retry-budget-exhausted', { error: e });
          throw e;
        }
        const hint = e instanceof TransportError ? e.retryAfterMs : undefined;
        backoff ??= fullJitterBackoff(this.retry.backoff, this.random);
        const delayMs = retryDelay(backoff.next(), hint, this.retry.maxRetryAfterMs);
        if (delayMs === undefined) throw e;
        if (this.now() + delayMs >= deadlineAt) {
          throw new DeadlineExceededError('deadline would pass before the next retry', { cause: e });
        }
        this.counters.retries++;
        this.emit('retry', {
          attempt: attempt + 1,
          delayMs,
          error: e,
          endpointId: e instanceof TransportError ? e.endpointId : undefined,
        });
        await sleep(delayMs, signal);
      }
    }
  }

  /** Pick an endpoint, preferring ones this call has not tried yet (a hedge requires one). */
  private select(tried: Set<string>, freshOnly = false): { stats: EndpointStats; panic: boolean } {
    const { candidates, panic } = this.set.eligible();
    const fresh = candidates.filter((s) => !tried.has(s.endpoint.id));
    if (freshOnly && fresh.length === 0) throw new NoEndpointError('no other endpoint to hedge to');
    const stats = this.picker.pick(fresh.length > 0 ? fresh : candidates);
    tried.add(stats.endpoint.id);
    if (panic) this.counters.panics++;
    return { stats, panic };
  }

  private async attempt(
    picked: { stats: EndpointStats; panic: boolean },
    request: Req,
    signal: AbortSignal,
    attempt: number,
    options: CallOptions,
    hedge = false,
  ): Promise<Res> {
    const { stats, panic } = picked;
    const endpoint = stats.endpoint;
    const breaker = this.set.breaker(endpoint);
    const release = breaker?.acquire() ?? (() => {});
    stats.picks++;
    stats.inFlight++;
    this.counters.attempts++;
    this.emit('pick', { endpoint, attempt, hedge, panic });
    const started = this.now();
    const perTry = options.perTryTimeoutMs ?? this.options.perTryTimeoutMs;
    try {
      const result =
        perTry === undefined
          ? await this.options.transport.send(endpoint, request, signal)
          : await timeout(perTry, TimeoutStrategy.Aggressive).execute(
              (ctx) =>
                this.options.transport.send(endpoint, request, ctx.signal).catch((e: unknown) => {
                  // The transport may reject on the timeout's abort before cockatiel's own rejection wins the race.
                  if (ctx.signal.aborted && !signal.aborted) throw timeoutError(perTry, endpoint.id, e);
                  throw e;
                }),
              signal,
            );
      stats.successes++;
      stats.observeLatency(this.now() - started, this.now());
      breaker?.success();
      this.outlier?.recordSuccess(endpoint.id);
      return result;
    } catch (e) {
      if (signal.aborted) throw e; // cancelled from outside (deadline, caller, lost hedge): not the endpoint's fault
      const error = this.classify(e, endpoint.id, perTry);
      stats.failures++;
      if (this.isFailure(error)) {
        stats.observeFailure(this.now() - started, this.now());
        const opened = breaker?.failure(error) ?? false;
        this.outlier?.recordFailure(endpoint.id, this.set.all.length);
        return Promise.reject(
          opened && error instanceof TransportError ? error.with({ circuitOpen: true }) : error,
        );
      }
      // The endpoint answered (e.g. a 4xx): healthy as far as breaking and ejection are concerned.
      breaker?.success();
      this.outlier?.recordSuccess(endpoint.id);
      throw error;
    } finally {
      release();
      stats.inFlight--;
    }
  }

  private classify(e: unknown, endpointId: string, perTry: number | undefined): unknown {
    if (e instanceof TransportError) return e.with({ endpointId });
    if (isBalancerError(e)) return e;
    if (isTimeout(e)) return timeoutError(perTry ?? 0, endpointId, e);
    return new TransportError(`unclassified transport failure: ${String(e)}`, {
      kind: 'other',
      retryable: false,
      endpointId,
      cause: e,
    });
  }

  /** Counters and per-endpoint figures for an exporter. */
  metrics(): BalancerMetricsSnapshot {
    const endpoints: Record<string, BalancerMetricsSnapshot['endpoints'][string]> = {};
    for (const s of this.set.all) {
      const id = s.endpoint.id;
      endpoints[id] = {
        picks: s.picks,
        successes: s.successes,
        failures: s.failures,
        inFlight: s.inFlight,
        latencyMs: s.latencyMs,
        ejected: this.outlier?.isEjected(id) ?? false,
        ejections: this.outlier?.ejections(id) ?? 0,
        breaker: this.set.breaker(s.endpoint)?.state ?? 'closed',
      };
    }
    return { ...this.counters, endpoints };
  }

  /** Breaker state of one endpoint (`closed` when breaking is off or the endpoint is unknown). */
  breakerState(endpointId: string): 'closed' | 'open' | 'half-open' {
    const stats = this.set.get(endpointId);
    return (stats && this.set.breaker(stats.endpoint)?.state) ?? 'closed';
  }

  /** Whether an endpoint is ejected now. */
  isEjected(endpointId: string): boolean {
    return this.outlier?.isEjected(endpointId) ?? false;
  }

  /** Breaker state to persist and pass back as `initialState`. */
  exportState(): BalancerState {
    return { breakers: this.set.breakerSnapshots() };
  }

  /** Restore breaker state exported by {@link Balancer.exportState}. */
  restoreState(state: BalancerState): void {
    this.set.restoreBreakers(state.breakers);
  }

  /** Stop following the registry source and drop listeners. */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.removeAllListeners();
  }
}

function timeoutError(ms: number, endpointId: string, cause: unknown): TransportError {
  return new TransportError(`attempt timed out after ${ms} ms`, { kind: 'timeout', endpointId, cause });
}

/** cockatiel 3.2.1's `isTaskCancelledError` tests the wrong property (`isBulkheadRejectedError`), so check the brand here. */
function isTimeout(e: unknown): boolean {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { isTaskCancelledError?: unknown }).isTaskCancelledError === true
  );
}
