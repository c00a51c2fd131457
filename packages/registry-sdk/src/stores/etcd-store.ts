/** The etcd store: instances as JSON keys under a prefix, the index from etcd's revision, a watch feeding peers. */
import { Etcd3, type IKeyValue, type IOptions } from 'etcd3';
import { StoreError } from './errors.js';
import { type Instance } from '../instance/types.js';
import { type RegistryStore, type StoreChange, type StoreSnapshot } from './store.js';

/** Options of {@link EtcdStore}. */
export interface EtcdStoreOptions {
  /** etcd client URL(s), e.g. `http://127.0.0.1:2379`. */
  readonly hosts: string | string[];
  /** Key prefix (default `/compass-registry`); instances live under `${prefix}/instances/<id>`. */
  readonly prefix?: string;
  /** Extra etcd3 client options (auth, TLS, fault handling). */
  readonly client?: Omit<IOptions, 'hosts'>;
}

/**
 * Several registry nodes on one etcd share one consistent view: each writes plain keys (no leases) and watches
 * the prefix, so every node's watchers see every node's changes. TTL expiry is not delegated to etcd leases: the
 * stored `lastHeartbeatAt` is judged by every node's sweep, so an instance whose registry node died still turns
 * critical and is removed by the surviving nodes, with the same status rules as the other stores. Those sweep and
 * check writes go through {@link EtcdStore.writeIfUnchanged} (a transaction on the key's mod_revision), so a node
 * whose view lags never overwrites a fresher heartbeat written through another node.
 */
export class EtcdStore implements RegistryStore {
  readonly kind = 'etcd';
  readonly prefix: string;
  readonly #client: Etcd3;

  constructor(options: EtcdStoreOptions) {
    this.prefix = (options.prefix ?? '/compass-registry').replace(/\/+$/, '');
    this.#client = new Etcd3({ ...options.client, hosts: options.hosts });
  }

  #key(id: string): string {
    return `${this.prefix}/instances/${id}`;
  }

  async load(): Promise<StoreSnapshot> {
    const res = await guard(() => this.#client.getAll().prefix(`${this.prefix}/instances/`).exec());
    const instances = res.kvs.map((kv) => JSON.parse(kv.value.toString()) as Instance);
    const modIndexes = new Map(
      instances.map((instance, i) => [instance.id, Number(res.kvs[i]!.mod_revision)]),
    );
    return { instances, index: Number(res.header.revision), modIndexes };
  }

  async put(instance: Instance): Promise<number> {
    const res = await guard(() =>
      this.#client.put(this.#key(instance.id)).value(JSON.stringify(instance)).exec(),
    );
    return Number(res.header.revision);
  }

  async delete(id: string): Promise<number | undefined> {
    const res = await guard(() => this.#client.delete().key(this.#key(id)).exec());
    return Number(res.deleted) === 0 ? undefined : Number(res.header.revision);
  }

  async writeIfUnchanged(
    id: string,
    instance: Instance | undefined,
    modIndex: number,
  ): Promise<number | undefined> {
    const key = this.#key(id);
    const res = await guard(() => {
      const op = instance
        ? this.#client.put(key).value(JSON.stringify(instance))
        : this.#client.delete().key(key);
      return this.#client.if(key, 'Mod', '==', modIndex).then(op).commit();
    });
    return res.succeeded ? Number(res.header.revision) : undefined;
  }

  async watch(
    fromIndex: number,
    listener: (change: StoreChange) => void,
    onError: (err: Error) => void,
  ): Promise<() => Promise<void>> {
    const base = `${this.prefix}/instances/`;
    const watcher = await guard(() =>
      this.#client
        .watch()
        .prefix(base)
        .startRevision(String(fromIndex + 1))
        .create(),
    );
    const idOf = (kv: IKeyValue) => kv.key.toString().slice(base.length);
    watcher.on('put', (kv) => {
      try {
        listener({
          id: idOf(kv),
          instance: JSON.parse(kv.value.toString()) as Instance,
          index: Number(kv.mod_revision),
        });
      } catch (err) {
        onError(new StoreError(`etcd store: unreadable value at ${kv.key.toString()}`, { cause: err }));
      }
    });
    watcher.on('delete', (kv) =>
      listener({ id: idOf(kv), instance: undefined, index: Number(kv.mod_revision) }),
    );
    watcher.on('error', (err) => onError(new StoreError(`etcd store watch: ${err.message}`, { cause: err })));
    return async () => {
      await watcher.cancel().catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.#client.close();
  }
}

async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new StoreError(`etcd store: ${(err as Error).message}`, { cause: err });
  }
}
