/** Retry delays of the client's background loops (registration, heartbeats, watches): the shared full-jitter rule. */
import { fullJitterBackoff, sleep, type BackoffOptions, type BackoffSequence } from '../retry/index.js';

/** Background loops wait longer than one call's retries: 200 ms doubling to 30 s unless configured. */
const LOOP_BACKOFF = { initialMs: 200, maxMs: 30_000 } as const;

/** A sequence of growing, jittered delays that starts over after `reset()`. */
export class RetrySchedule {
  readonly #options: BackoffOptions;
  #current: BackoffSequence | undefined;

  constructor(options: BackoffOptions = {}) {
    this.#options = { ...LOOP_BACKOFF, ...options };
  }

  /** The next delay in milliseconds. */
  next(): number {
    this.#current ??= fullJitterBackoff(this.#options);
    return this.#current.next();
  }

  /** Starts the sequence over (after a success). */
  reset(): void {
    this.#current = undefined;
  }
}

/** Waits `ms`; resolves true when the time elapsed, false as soon as `signal` aborts. Never rejects. */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return sleep(ms, signal);
}
