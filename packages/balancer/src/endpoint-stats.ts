/** Live per-endpoint load and latency figures that pickers read and the balancer updates. */
import type { Endpoint } from './endpoint.js';

/** Options for the peak-EWMA latency estimate. */
export interface EwmaOptions {
  /** Decay time constant in ms (Finagle's default is 10 s). */
  readonly decayMs?: number;
  /** Latency assumed before the first sample, in ms. */
  readonly initialMs?: number;
  /** Upper bound of the latency charged for a failed call, in ms (default 5,000). */
  readonly failurePenaltyMs?: number;
}

/**
 * Runtime figures for one endpoint. Latency is a peak-sensitive EWMA (Finagle/linkerd): a sample above the
 * average replaces it at once, so a slowing endpoint is penalised immediately and forgiven gradually.
 */
export class EndpointStats {
  /** Calls sent to this endpoint and not yet settled. */
  inFlight = 0;
  /** Times a picker chose this endpoint. */
  picks = 0;
  successes = 0;
  failures = 0;
  private ewmaMs: number;
  private lastSampleAt: number | undefined;
  private readonly decayMs: number;
  private readonly failurePenaltyMs: number;

  constructor(
    public endpoint: Endpoint,
    options: EwmaOptions = {},
  ) {
    this.decayMs = options.decayMs ?? 10_000;
    this.ewmaMs = options.initialMs ?? 1;
    this.failurePenaltyMs = options.failurePenaltyMs ?? 5_000;
  }

  /**
   * Record a failed call: charged at twice the current estimate (at least its own duration, at most the
   * penalty cap), so an endpoint that fails fast never looks attractive to latency-aware pickers.
   */
  observeFailure(elapsedMs: number, now: number): void {
    this.observeLatency(Math.min(this.failurePenaltyMs, Math.max(elapsedMs, this.ewmaMs * 2, 1)), now);
  }

  /** Record one completed call's latency at time `now` (ms). */
  observeLatency(latencyMs: number, now: number): void {
    const sample = Math.max(0, latencyMs);
    if (this.lastSampleAt === undefined || sample > this.ewmaMs) {
      this.ewmaMs = sample;
    } else {
      const w = Math.exp(-Math.max(0, now - this.lastSampleAt) / this.decayMs);
      this.ewmaMs = this.ewmaMs * w + sample * (1 - w);
    }
    this.lastSampleAt = now;
  }

  /** Current latency estimate in ms. */
  get latencyMs(): number {
    return this.ewmaMs;
  }

  /** Expected cost of one more call: latency times the queue it would join. */
  get peakEwmaCost(): number {
    return Math.max(this.ewmaMs, 1e-3) * (this.inFlight + 1);
  }
}
