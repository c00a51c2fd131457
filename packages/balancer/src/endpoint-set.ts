/** The live endpoint list with each endpoint's stats, breaker and ejection state, and eligibility for a pick. */
import type { Endpoint } from './endpoint.js';
import { EndpointStats, type EwmaOptions } from './endpoint-stats.js';
import { BulkheadRejectedError, CircuitOpenError, NoEndpointError, TransportError } from './errors/errors.js';
import { isBalancerError } from './errors/balancer-error.js';
import {
  EndpointBreaker,
  type BreakerOptions,
  type BreakerSnapshot,
  type BreakerState,
} from './policies/circuit-breaker.js';
import type { OutlierDetector } from './policies/outlier-detector.js';

/** What {@link EndpointSet} needs from its owner. */
export interface EndpointSetConfig {
  readonly now: () => number;
  readonly ewma: EwmaOptions;
  readonly outlier: OutlierDetector | undefined;
  readonly breaker: BreakerOptions | undefined;
  readonly maxInFlightPerEndpoint: number | undefined;
  readonly onBreaker: (endpoint: Endpoint, from: BreakerState, to: BreakerState, cause: unknown) => void;
}

/** Eligible endpoints for one pick, and whether the panic threshold put ejected endpoints back. */
export interface Eligible {
  readonly candidates: readonly EndpointStats[];
  readonly panic: boolean;
}

/** Keeps stats across list refreshes (an update never resets picker, breaker or ejection state). */
export class EndpointSet {
  private readonly byId = new Map<string, EndpointStats>();
  private readonly breakers = new Map<string, EndpointBreaker>();
  private live: EndpointStats[] = [];
  private readonly pendingSnapshots = new Map<string, BreakerSnapshot>();

  constructor(private readonly config: EndpointSetConfig) {}

  /** Replace the list of routable endpoints. */
  update(endpoints: readonly Endpoint[]): void {
    const ids = new Set(endpoints.map((e) => e.id));
    for (const id of this.byId.keys()) {
      if (!ids.has(id)) {
        this.byId.delete(id);
        this.breakers.delete(id);
      }
    }
    this.config.outlier?.retain(ids);
    this.live = endpoints.map((e) => {
      const existing = this.byId.get(e.id);
      if (existing) {
        existing.endpoint = e;
        return existing;
      }
      const stats = new EndpointStats(e, this.config.ewma);
      this.byId.set(e.id, stats);
      return stats;
    });
  }

  /** Routable endpoints with their stats. */
  get all(): readonly EndpointStats[] {
    return this.live;
  }

  /** Stats of one endpoint, if it is still listed. */
  get(id: string): EndpointStats | undefined {
    return this.byId.get(id);
  }

  /** The endpoint's breaker (created on first use), or undefined when breaking is off. */
  breaker(endpoint: Endpoint): EndpointBreaker | undefined {
    const options = this.config.breaker;
    if (!options) return undefined;
    let b = this.breakers.get(endpoint.id);
    if (!b) {
      b = new EndpointBreaker(options, this.config.now, (from, to, cause) =>
        this.config.onBreaker(this.byId.get(endpoint.id)?.endpoint ?? endpoint, from, to, cause),
      );
      this.breakers.set(endpoint.id, b);
      const snapshot = this.pendingSnapshots.get(endpoint.id);
      if (snapshot) {
        b.restore(snapshot);
        this.pendingSnapshots.delete(endpoint.id);
      }
    }
    return b;
  }

  /**
   * Endpoints a picker may choose from: not ejected (unless panicking), breaker admitting, below the per-endpoint
   * in-flight cap. Throws a typed error naming why none is left; when every breaker is open the failure that
   * opened one is surfaced (marked `circuitOpen`), not a generic "circuit open".
   */
  eligible(): Eligible {
    const all = this.live;
    if (all.length === 0) throw new NoEndpointError('no endpoints: the list is empty or none is passing');
    const outlier = this.config.outlier;
    const healthy = outlier ? all.filter((s) => !outlier.isEjected(s.endpoint.id)) : all;
    const panic = outlier !== undefined && healthy.length * 100 < all.length * outlier.panicThresholdPercent;
    const pool = panic ? all : healthy;
    const admitted = pool.filter((s) => this.breaker(s.endpoint)?.allows() ?? true);
    if (admitted.length === 0) throw this.breakerFailure(pool);
    const cap = this.config.maxInFlightPerEndpoint;
    const candidates = cap === undefined ? admitted : admitted.filter((s) => s.inFlight < cap);
    if (candidates.length === 0) {
      throw new BulkheadRejectedError(`every endpoint has ${cap} calls in flight`, 'endpoint');
    }
    return { candidates, panic };
  }

  private breakerFailure(pool: readonly EndpointStats[]): Error {
    if (pool.length === 0) return new NoEndpointError('no endpoints: all are ejected');
    let last: unknown;
    for (const s of pool) last = this.breaker(s.endpoint)?.lastFailure ?? last;
    if (last instanceof TransportError) return last.with({ circuitOpen: true });
    if (isBalancerError(last)) return last;
    return new CircuitOpenError(`circuit open on all ${pool.length} endpoints`, {
      cause: last,
      circuitOpen: true,
    });
  }

  /** Breaker snapshots by endpoint id. */
  breakerSnapshots(): Record<string, ReturnType<EndpointBreaker['toJSON']>> {
    const out: Record<string, ReturnType<EndpointBreaker['toJSON']>> = {};
    for (const [id, b] of this.breakers) out[id] = b.toJSON();
    return out;
  }

  /** Restore breaker snapshots; endpoints not listed yet get theirs when they appear. */
  restoreBreakers(snapshots: Readonly<Record<string, BreakerSnapshot>>): void {
    for (const [id, snapshot] of Object.entries(snapshots)) {
      const existing = this.breakers.get(id);
      if (existing) existing.restore(snapshot);
      else this.pendingSnapshots.set(id, snapshot);
    }
  }
}
