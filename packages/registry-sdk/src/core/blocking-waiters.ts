/** Pending blocking queries: each waits for its own result to change, its wait to end, or its signal. */
import { type InstanceQuery } from '../instance/types.js';

interface Waiter {
  readonly query: InstanceQuery;
  readonly index: number;
  readonly wake: () => void;
}

/** The set of pending blocking queries of one registry. */
export class BlockingWaiters {
  readonly #waiters = new Set<Waiter>();

  /**
   * Resolves after `waitMs`, or earlier when {@link notify} finds this query's result changed or
   * {@link wakeAll} is called; rejects with the signal's reason when `signal` aborts.
   */
  wait(query: InstanceQuery, index: number, waitMs: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        query,
        index,
        wake: () => {
          done();
          resolve();
        },
      };
      const onAbort = () => {
        done();
        reject(signal?.reason);
      };
      const timer = setTimeout(waiter.wake, waitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
    });
  }

  /** Wakes the waiters on `services` whose result `changedSince` says has changed since their index. */
  notify(
    services: ReadonlySet<string>,
    changedSince: (query: InstanceQuery, index: number) => boolean,
  ): void {
    for (const waiter of [...this.#waiters]) {
      if (services.has(waiter.query.service) && changedSince(waiter.query, waiter.index)) waiter.wake();
    }
  }

  /** Wakes every waiter (the registry is closing). */
  wakeAll(): void {
    for (const waiter of [...this.#waiters]) waiter.wake();
  }
}
