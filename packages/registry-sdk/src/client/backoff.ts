/** Retry delays for the client's background loops (cockatiel's exponential backoff with decorrelated jitter). */
import { ExponentialBackoff, type IBackoff } from 'cockatiel';

/** Shape of the retry delays. */
export interface BackoffOptions {
  /** First delay (default 200 ms). */
  readonly initialDelayMs?: number;
  /** Largest delay (default 30 s). */
  readonly maxDelayMs?: number;
}

/** A sequence of growing, jittered delays that starts over after `reset()`. */
export class RetrySchedule {
  readonly #factory: ExponentialBackoff<unknown>;
  #current: IBackoff<unknown> | undefined;

  constructor(options: BackoffOptions = {}) {
    this.#factory = new ExponentialBackoff({
      initialDelay: options.initialDelayMs ?? 200,
      maxDelay: options.maxDelayMs ?? 30_000,
    });
  }

  /** The next delay in milliseconds. */
  next(): number {
    this.#current = this.#current ? this.#current.next(undefined) : this.#factory.next();
    return this.#current.duration;
  }

  /** Starts the sequence over (after a success). */
  reset(): void {
    this.#current = undefined;
  }
}

/** Waits `ms`; resolves true when the time elapsed, false as soon as `signal` aborts. Never rejects. */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
