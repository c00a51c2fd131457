/**
 * Per-endpoint circuit breaker. The open/close decision reuses cockatiel's ConsecutiveBreaker and SamplingBreaker;
 * the state machine is ours because cockatiel 3.2's half-open admits one probe and closes after one success, and
 * we need N probes and M successes.
 */
import { CircuitState, ConsecutiveBreaker, SamplingBreaker, type IBreaker } from 'cockatiel';

/** Breaker states. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** How a breaker decides to open. */
export type BreakerMode =
  | { readonly kind: 'consecutive'; readonly threshold: number }
  | {
      readonly kind: 'sampling';
      /** Failure ratio (0..1) over the window that opens the breaker. */
      readonly threshold: number;
      /** Sampling window in ms. */
      readonly windowMs: number;
      /** Calls needed in the window before the ratio counts. */
      readonly minimumRequests: number;
    };

/** Options for each endpoint's breaker. */
export interface BreakerOptions {
  /** Default `{ kind: 'consecutive', threshold: 5 }`. */
  readonly mode?: BreakerMode;
  /** Time open before probing (default 10 s). */
  readonly openMs?: number;
  /** Concurrent probes admitted while half-open (default 1). */
  readonly halfOpenProbes?: number;
  /** Probe successes that close the breaker (default 1). */
  readonly successesToClose?: number;
}

/** Serialisable breaker state, for {@link EndpointBreaker.toJSON} and restore. */
export interface BreakerSnapshot {
  readonly state: BreakerState;
  /** Remaining open time in ms when exported (open only). */
  readonly openForMs?: number;
  readonly decider: unknown;
}

function decider(mode: BreakerMode): IBreaker {
  if (mode.kind === 'consecutive') return new ConsecutiveBreaker(mode.threshold);
  return new SamplingBreaker({
    threshold: mode.threshold,
    duration: mode.windowMs,
    minimumRps: mode.minimumRequests / (mode.windowMs / 1000),
  });
}

/** One endpoint's breaker. `onChange` is called on every transition. */
export class EndpointBreaker {
  private current: BreakerState = 'closed';
  private openUntil = 0;
  private probes = 0;
  private probeSuccesses = 0;
  private readonly decider: IBreaker;
  /** The failure that last opened the breaker: surfaced to callers instead of a generic "circuit open". */
  lastFailure: unknown;

  constructor(
    private readonly options: BreakerOptions,
    private readonly now: () => number,
    private readonly onChange: (from: BreakerState, to: BreakerState, cause: unknown) => void,
  ) {
    this.decider = decider(options.mode ?? { kind: 'consecutive', threshold: 5 });
  }

  /** Current state; an open breaker whose time is up reads as half-open. */
  get state(): BreakerState {
    if (this.current === 'open' && this.now() >= this.openUntil) this.transition('half-open', undefined);
    return this.current;
  }

  /** Whether a call may go to this endpoint now (does not reserve a probe). */
  allows(): boolean {
    const s = this.state;
    return s === 'closed' || (s === 'half-open' && this.probes < (this.options.halfOpenProbes ?? 1));
  }

  /** Reserve the call; in half-open it takes a probe slot. Returns a release for calls that end without a verdict. */
  acquire(): () => void {
    if (this.state !== 'half-open') return () => {};
    this.probes++;
    let released = false;
    return () => {
      if (!released && this.current === 'half-open') this.probes--;
      released = true;
    };
  }

  /** Record a success. */
  success(): void {
    if (this.current === 'half-open') {
      this.probes = Math.max(0, this.probes - 1);
      if (++this.probeSuccesses >= (this.options.successesToClose ?? 1)) this.transition('closed', undefined);
      return;
    }
    this.decider.success(CircuitState.Closed);
  }

  /** Record a counted failure; returns true when it opened the breaker. */
  failure(error: unknown): boolean {
    if (this.current === 'open') return false;
    if (this.current === 'half-open' || this.decider.failure(CircuitState.Closed)) {
      this.lastFailure = error;
      this.open(this.options.openMs ?? 10_000, error);
      return true;
    }
    return false;
  }

  private open(forMs: number, cause: unknown): void {
    this.openUntil = this.now() + forMs;
    this.transition('open', cause);
  }

  private transition(to: BreakerState, cause: unknown): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.probes = 0;
    this.probeSuccesses = 0;
    if (to === 'closed') this.decider.success(CircuitState.HalfOpen);
    this.onChange(from, to, cause);
  }

  /** Serialisable state (cockatiel's decider state included). */
  toJSON(): BreakerSnapshot {
    const state = this.state;
    return state === 'open'
      ? { state, openForMs: this.openUntil - this.now(), decider: this.decider.state }
      : { state, decider: this.decider.state };
  }

  /** Restore a snapshot taken by {@link EndpointBreaker.toJSON} (no events are emitted). */
  restore(snapshot: BreakerSnapshot): void {
    this.decider.state = snapshot.decider;
    this.current = snapshot.state;
    this.probes = 0;
    this.probeSuccesses = 0;
    this.openUntil = this.now() + (snapshot.openForMs ?? 0);
  }
}
