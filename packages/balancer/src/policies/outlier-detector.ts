/** Passive outlier ejection (Envoy's consecutive-failure detector): endpoints that keep failing sit out a while. */

/** Options for {@link OutlierDetector}. */
export interface OutlierOptions {
  /** Consecutive counted failures that eject an endpoint (default 5). */
  readonly consecutiveFailures?: number;
  /** Ejection time for the first ejection; the n-th ejection lasts n times this (default 30 s). */
  readonly baseEjectionMs?: number;
  /** Upper bound on one ejection (default 300 s). */
  readonly maxEjectionMs?: number;
  /** At most this percentage of endpoints is ejected at once; at least one may always be (default 50). */
  readonly maxEjectionPercent?: number;
  /**
   * Below this percentage of healthy (non-ejected) endpoints the balancer panics and spreads traffic over all
   * of them, ejected or not (default 50; 0 disables panic).
   */
  readonly panicThresholdPercent?: number;
}

interface OutlierState {
  consecutive: number;
  ejections: number;
  ejectedUntil: number | undefined;
}

/** Callbacks for ejection changes. */
export interface OutlierListener {
  eject(id: string, untilMs: number, ejections: number, durationMs: number): void;
  readmit(id: string): void;
}

/** Tracks consecutive failures per endpoint and decides ejection and (lazy) readmission. */
export class OutlierDetector {
  readonly consecutiveFailures: number;
  readonly baseEjectionMs: number;
  readonly maxEjectionMs: number;
  readonly maxEjectionPercent: number;
  readonly panicThresholdPercent: number;
  private readonly states = new Map<string, OutlierState>();

  constructor(
    options: OutlierOptions,
    private readonly now: () => number,
    private readonly listener: OutlierListener,
  ) {
    this.consecutiveFailures = options.consecutiveFailures ?? 5;
    this.baseEjectionMs = options.baseEjectionMs ?? 30_000;
    this.maxEjectionMs = options.maxEjectionMs ?? 300_000;
    this.maxEjectionPercent = options.maxEjectionPercent ?? 50;
    this.panicThresholdPercent = options.panicThresholdPercent ?? 50;
  }

  private state(id: string): OutlierState {
    let s = this.states.get(id);
    if (!s) {
      s = { consecutive: 0, ejections: 0, ejectedUntil: undefined };
      this.states.set(id, s);
    }
    return s;
  }

  /** Whether `id` is ejected now; an ejection that has run out is ended here (readmission is lazy). */
  isEjected(id: string): boolean {
    const s = this.states.get(id);
    if (s?.ejectedUntil === undefined) return false;
    if (this.now() < s.ejectedUntil) return true;
    s.ejectedUntil = undefined;
    s.consecutive = 0;
    this.listener.readmit(id);
    return false;
  }

  /** Number of endpoints ejected now. */
  ejectedCount(): number {
    let n = 0;
    for (const id of this.states.keys()) if (this.isEjected(id)) n++;
    return n;
  }

  /** A success resets the failure streak. */
  recordSuccess(id: string): void {
    this.state(id).consecutive = 0;
  }

  /** A counted failure; returns true when it ejected the endpoint. `total` is the number of live endpoints. */
  recordFailure(id: string, total: number): boolean {
    const s = this.state(id);
    if (this.isEjected(id)) return false;
    s.consecutive++;
    if (s.consecutive < this.consecutiveFailures) return false;
    const allowed = Math.max(1, Math.floor((total * this.maxEjectionPercent) / 100));
    if (this.ejectedCount() >= allowed) return false;
    s.ejections++;
    s.consecutive = 0;
    const duration = Math.min(this.maxEjectionMs, this.baseEjectionMs * s.ejections);
    s.ejectedUntil = this.now() + duration;
    this.listener.eject(id, s.ejectedUntil, s.ejections, duration);
    return true;
  }

  /** Drops state for endpoints no longer in the list. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.states.keys()) if (!ids.has(id)) this.states.delete(id);
  }

  /** Times `id` has been ejected so far. */
  ejections(id: string): number {
    return this.states.get(id)?.ejections ?? 0;
  }
}
