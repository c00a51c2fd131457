/** Dynamic batching: concurrent requests wait at most `maxDelayMs` to share one run of at most `maxBatch` items. */

/** One queued request. */
export interface Pending<In, Out> {
  readonly input: In;
  readonly enqueuedAt: number;
  resolve(out: Out): void;
  reject(e: unknown): void;
}

/**
 * Collects items and hands them to `runBatch` in groups: a group leaves when it reaches `maxBatch` items or when
 * its first item has waited `maxDelayMs`. Runs never overlap (a session runs one batch at a time); items that
 * arrive during a run form the next group. `runBatch` settles each item itself, so one item's failure leaves the
 * others alone.
 */
export class DynamicBatcher<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> = Promise.resolve();
  private busy = false;

  constructor(
    private readonly maxBatch: number,
    private readonly maxDelayMs: number,
    private readonly runBatch: (items: Pending<In, Out>[]) => Promise<void>,
  ) {}

  /** Queue one item; resolves with its own result. */
  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, enqueuedAt: performance.now(), resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
    });
  }

  /** Items waiting for a run. */
  get pending(): number {
    return this.queue.length;
  }

  /** Resolves when every queued and running batch has finished. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.busy) {
      if (this.queue.length > 0 && !this.busy) this.flush();
      await this.running;
    }
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.busy || this.queue.length === 0) return;
    const items = this.queue.splice(0, this.maxBatch);
    this.busy = true;
    this.running = this.runBatch(items)
      .catch((e: unknown) => items.forEach((p) => p.reject(e)))
      .finally(() => {
        this.busy = false;
        // Whatever arrived during the run: a full batch goes now, a partial one waits out its own delay.
        if (this.queue.length >= this.maxBatch) this.flush();
        else if (this.queue.length > 0) {
          const waited = performance.now() - this.queue[0]!.enqueuedAt;
          this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.maxDelayMs - waited));
        }
      });
  }
}
