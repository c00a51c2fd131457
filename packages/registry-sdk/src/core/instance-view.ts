/** The registry's in-memory view of its store: instances by id and by service, indexes and the change log. */
import { type StoreSnapshot } from '../stores/store.js';
import { ChangeLog } from './change-log.js';
import { matchesQuery, significantKey } from './query-match.js';
import {
  type Instance,
  type InstanceQuery,
  type QueryResult,
  type RegistryChange,
} from '../instance/types.js';

const byId = (a: Instance, b: Instance) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Applies store writes in order and answers queries. Each service carries the index of its last significant
 * change (anything but a heartbeat), which is the index its query results report.
 */
export class InstanceView {
  readonly #instances = new Map<string, Instance>();
  /** The same instances grouped by service, so a query reads only its own service. */
  readonly #byService = new Map<string, Map<string, Instance>>();
  /** Store index of the last write applied per id (deletions included), to drop stale echoes from a feed. */
  readonly #revisions = new Map<string, number>();
  readonly #serviceIndex = new Map<string, number>();
  #log = new ChangeLog();
  #index = 0;

  /**
   * @param keepTombstones remember the index of deletions too: needed only with a change feed, whose echo of a
   * deletion must not resurrect anything; without one, forgetting them keeps memory bounded under id churn.
   */
  constructor(private readonly keepTombstones = true) {}

  /** The highest store index applied. */
  get index(): number {
    return this.#index;
  }

  /** Replaces the view with a store snapshot; changes before its index are not remembered. */
  load(snapshot: StoreSnapshot): void {
    this.#index = snapshot.index;
    this.#log = new ChangeLog(snapshot.index);
    for (const instance of snapshot.instances) {
      this.#set(instance.id, undefined, instance);
      this.#revisions.set(instance.id, snapshot.modIndexes?.get(instance.id) ?? snapshot.index);
      this.#serviceIndex.set(instance.service, snapshot.index);
    }
  }

  get(id: string): Instance | undefined {
    return this.#instances.get(id);
  }

  values(): IterableIterator<Instance> {
    return this.#instances.values();
  }

  /** Store index of the last write applied to `id` (its etcd mod_revision), if any. */
  revisionOf(id: string): number | undefined {
    return this.#revisions.get(id);
  }

  /** True when a write at `index` to `id` is older than one already applied (an echo from a change feed). */
  isStale(id: string, index: number): boolean {
    return (this.#revisions.get(id) ?? -1) >= index;
  }

  /** Applies a write; returns the change when a query could see it, `undefined` for heartbeats and no-ops. */
  apply(id: string, next: Instance | undefined, index: number): RegistryChange | undefined {
    const prev = this.#instances.get(id);
    if (next || this.keepTombstones) this.#revisions.set(id, index);
    else this.#revisions.delete(id);
    this.#set(id, prev, next);
    this.#index = Math.max(this.#index, index);
    if ((!prev && !next) || significantKey(prev) === significantKey(next)) return undefined;
    this.#log.record(index, prev, next);
    if (prev) this.#serviceIndex.set(prev.service, index);
    if (next) this.#serviceIndex.set(next.service, index);
    if (next) return { type: prev ? 'updated' : 'registered', index, instance: next };
    return { type: 'deregistered', index, instance: prev! };
  }

  /**
   * True when the result of `query` may differ from what it was at `index`: an index from the future (a wiped
   * registry) counts as changed; changes older than the log count as changed; heartbeats never do.
   */
  changedSince(query: InstanceQuery, index: number): boolean {
    if (index > this.#index) return true;
    if ((this.#serviceIndex.get(query.service) ?? 0) <= index) return false;
    return this.#log.changedSince(query, index);
  }

  /** The instances matching `query`, sorted by id, with the index of their service's last change. */
  result(query: InstanceQuery): QueryResult {
    const group = this.#byService.get(query.service);
    const instances = group ? [...group.values()].filter((i) => matchesQuery(query, i)).sort(byId) : [];
    // A service never seen reports the registry's own index, so a client can block on it too.
    return { index: this.#serviceIndex.get(query.service) ?? this.#index, instances };
  }

  /** Every service with its number of instances and of passing, non-draining ones, sorted by name. */
  services(): Array<{ service: string; instances: number; passing: number }> {
    return [...this.#byService.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([service, group]) => {
        let passing = 0;
        for (const i of group.values()) if (i.status === 'passing' && !i.draining) passing += 1;
        return { service, instances: group.size, passing };
      });
  }

  #set(id: string, prev: Instance | undefined, next: Instance | undefined): void {
    if (prev) {
      const group = this.#byService.get(prev.service);
      group?.delete(id);
      if (group?.size === 0) this.#byService.delete(prev.service);
    }
    if (!next) {
      this.#instances.delete(id);
      return;
    }
    this.#instances.set(id, next);
    let group = this.#byService.get(next.service);
    if (!group) this.#byService.set(next.service, (group = new Map()));
    group.set(id, next);
  }
}
