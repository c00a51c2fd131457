/** Follows a shared store's change feed, and resyncs from a full reload when the feed fails for good. */
import { type RegistryStore, type StoreChange } from '../stores/store.js';
import { type InstanceView } from './instance-view.js';
import { type Instance } from '../instance/types.js';

/** What the follower needs from its registry. */
export interface FeedHost {
  readonly view: InstanceView;
  /** Applies a write to the view (and tells watchers), at the store index it happened. */
  apply(id: string, next: Instance | undefined, index: number): void;
  /** Runs `fn` in the registry's write order. */
  serial<T>(fn: () => Promise<T>): Promise<T>;
  /** Reports a background failure. */
  fail(err: unknown): void;
}

/**
 * Applies other nodes' writes as they arrive (dropping echoes of writes already applied). When the feed fails for
 * good (etcd cancels a watch whose revision was compacted away), it waits `retryMs`, reloads the store, applies
 * what it missed as ordinary changes and follows the feed again, retrying until that works.
 */
export class FeedFollower {
  #unwatch: (() => Promise<void>) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(
    private readonly store: RegistryStore,
    private readonly host: FeedHost,
    private readonly retryMs: number,
  ) {}

  /** Starts following the feed after `index` (no-op for stores without a feed). */
  async follow(index: number): Promise<void> {
    if (!this.store.watch || this.#stopped) return;
    this.#unwatch = await this.store.watch(
      index,
      (change) =>
        void this.host.serial(async () => this.#onChange(change)).catch((err) => this.host.fail(err)),
      (err) => {
        this.host.fail(err);
        this.#scheduleResync();
      },
    );
  }

  /** Stops the feed and any pending resync. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#unwatch?.().catch(() => undefined);
    this.#unwatch = undefined;
  }

  #onChange(change: StoreChange): void {
    if (!this.host.view.isStale(change.id, change.index))
      this.host.apply(change.id, change.instance, change.index);
  }

  #scheduleResync(): void {
    if (this.#stopped || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.host
        .serial(() => this.#resync())
        .catch((err) => {
          this.host.fail(err);
          this.#scheduleResync();
        });
    }, this.retryMs);
  }

  async #resync(): Promise<void> {
    if (this.#stopped) return;
    await this.#unwatch?.().catch(() => undefined);
    this.#unwatch = undefined;
    const snapshot = await this.store.load();
    const present = new Set<string>();
    for (const instance of snapshot.instances) {
      present.add(instance.id);
      const modIndex = snapshot.modIndexes?.get(instance.id) ?? snapshot.index;
      if (!this.host.view.isStale(instance.id, modIndex)) this.host.apply(instance.id, instance, modIndex);
    }
    for (const instance of [...this.host.view.values()]) {
      if (!present.has(instance.id)) this.host.apply(instance.id, undefined, snapshot.index);
    }
    await this.follow(snapshot.index);
  }
}
