/** The options and events of a Registry, and the options of a blocking query. */
import { type RegistryStore } from '../stores/store.js';
import { type RegistryChange } from '../instance/types.js';

/** Options of {@link Registry}. */
export interface RegistryOptions {
  /** Where instances live (default: a new `MemoryStore`). */
  store?: RegistryStore;
  /** Injectable clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
  /** How often TTL expiry and `deregisterCriticalAfterMs` are evaluated (default 1000 ms). */
  sweepIntervalMs?: number;
  /** `fetch` used by HTTP checks (default the global one). */
  fetch?: typeof fetch;
  /**
   * Stores with a change feed (etcd): after the feed fails for good (e.g. its start revision was compacted away),
   * wait this long, then reload the store and follow it again (default 1000 ms; retried until it works).
   */
  feedRetryMs?: number;
}

/** Events of a {@link Registry}: `change` after every change a query can see, `error` for background failures. */
export interface RegistryEvents {
  change: (change: RegistryChange) => void;
  error: (err: Error) => void;
}

/** Options of a blocking {@link Registry.query}. */
export interface BlockingQueryOptions {
  /** Index of the result the caller holds; omitted: answer at once. */
  index?: number;
  /** Longest wait (default 5 minutes). */
  waitMs?: number;
  /** Aborting rejects the pending query with the signal's reason. */
  signal?: AbortSignal;
}
