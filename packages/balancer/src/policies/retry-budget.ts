/** Retry budget (Finagle, gRPC throttling): retries may add at most a share of the traffic, with a small floor. */

/** Options for {@link RetryBudget}. */
export interface RetryBudgetOptions {
  /** Retries allowed per request over the window (default 0.2: at most 20% extra load). */
  readonly ratio?: number;
  /** Retries always allowed per second, so low-traffic clients can still retry (default 10). */
  readonly minRetriesPerSecond?: number;
  /** Window over which requests and retries are counted (default 10 s). */
  readonly windowMs?: number;
}

const BUCKETS = 10;

/** Counts requests and retries in a sliding window of buckets and grants a retry while under the budget. */
export class RetryBudget {
  private readonly ratio: number;
  private readonly floor: number;
  private readonly bucketMs: number;
  private readonly requests = new Array<number>(BUCKETS).fill(0);
  private readonly retries = new Array<number>(BUCKETS).fill(0);
  private bucketStart = -Infinity;
  private bucket = 0;

  constructor(
    options: RetryBudgetOptions,
    private readonly now: () => number,
  ) {
    const windowMs = options.windowMs ?? 10_000;
    this.ratio = options.ratio ?? 0.2;
    this.floor = (options.minRetriesPerSecond ?? 10) * (windowMs / 1000);
    this.bucketMs = windowMs / BUCKETS;
  }

  private rotate(): void {
    const t = this.now();
    if (this.bucketStart === -Infinity) this.bucketStart = t;
    const steps = Math.floor((t - this.bucketStart) / this.bucketMs);
    if (steps <= 0) return;
    for (let i = 0; i < Math.min(steps, BUCKETS); i++) {
      this.bucket = (this.bucket + 1) % BUCKETS;
      this.requests[this.bucket] = 0;
      this.retries[this.bucket] = 0;
    }
    this.bucketStart += steps * this.bucketMs;
  }

  /** Count one original request (a deposit). */
  recordRequest(): void {
    this.rotate();
    this.requests[this.bucket]!++;
  }

  /** Take one retry from the budget; false when the budget is spent (the retry must not happen). */
  tryWithdraw(): boolean {
    this.rotate();
    const requests = this.requests.reduce((a, b) => a + b, 0);
    const retries = this.retries.reduce((a, b) => a + b, 0);
    if (retries + 1 > this.floor + this.ratio * requests) return false;
    this.retries[this.bucket]!++;
    return true;
  }
}
