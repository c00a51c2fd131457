/** The interface every registry store implements, so the core runs the same on memory, SQLite and etcd. */
import { type Instance } from '../instance/types.js';

/** Everything a store holds, with the index it reflects. */
export interface StoreSnapshot {
  readonly instances: readonly Instance[];
  readonly index: number;
  /** Index of each instance's last write (etcd's mod_revision), for {@link RegistryStore.writeIfUnchanged}. */
  readonly modIndexes?: ReadonlyMap<string, number>;
}

/** A change written by someone else (another registry node), delivered by a store's change feed. */
export interface StoreChange {
  readonly id: string;
  /** The instance after the change; `undefined` when it was deleted. */
  readonly instance: Instance | undefined;
  /** The store index of this change. */
  readonly index: number;
}

/**
 * Persistence behind a {@link Registry}. Every write returns the store's new monotonic index (a counter for memory
 * and SQLite, etcd's revision for etcd). An empty store's index is at least 1, so clients can block on it (they
 * read 0 as "no index"). Methods reject with `StoreError` when the backend is unavailable.
 */
export interface RegistryStore {
  /** Short name for logs: `memory`, `sqlite`, `etcd`. */
  readonly kind: string;
  /** Reads every instance and the current index. */
  load(): Promise<StoreSnapshot>;
  /** Creates or replaces the instance with `instance.id`; returns the new index. */
  put(instance: Instance): Promise<number>;
  /** Deletes an instance; returns the new index, or `undefined` when there was no such instance. */
  delete(id: string): Promise<number | undefined>;
  /**
   * Optional conditional write, for stores shared by several nodes: writes `instance` (or deletes `id` when it is
   * `undefined`) only if the instance was last written at `modIndex`. Returns the new index, or `undefined` when
   * someone else wrote it since (the change feed brings that write). Background writes (TTL expiry, check
   * results) use it so a node with a slightly stale view never overwrites a fresher heartbeat from another node.
   */
  writeIfUnchanged?(
    id: string,
    instance: Instance | undefined,
    modIndex: number,
  ): Promise<number | undefined>;
  /**
   * Optional change feed for stores shared by several registry nodes: calls `listener` for every change after
   * `fromIndex` (this node's own writes included; the registry ignores those it already applied).
   * Returns a function that stops the feed.
   */
  watch?(
    fromIndex: number,
    listener: (change: StoreChange) => void,
    onError: (err: Error) => void,
  ): Promise<() => Promise<void>>;
  /** Releases the backend (file handle, connections). */
  close(): Promise<void>;
}
