/** The in-memory store: no persistence, for tests and for registries whose clients re-register after a restart. */
import { type Instance } from '../instance/types.js';
import { type RegistryStore, type StoreSnapshot } from './store.js';

/** Keeps instances in a Map; the index is a counter, 1 for the empty store (as etcd's first revision). */
export class MemoryStore implements RegistryStore {
  readonly kind = 'memory';
  readonly #instances = new Map<string, Instance>();
  #index = 1;

  async load(): Promise<StoreSnapshot> {
    return { instances: [...this.#instances.values()], index: this.#index };
  }

  async put(instance: Instance): Promise<number> {
    this.#instances.set(instance.id, instance);
    return ++this.#index;
  }

  async delete(id: string): Promise<number | undefined> {
    if (!this.#instances.delete(id)) return undefined;
    return ++this.#index;
  }

  async close(): Promise<void> {}
}
