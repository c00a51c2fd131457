/** Turns a store spec (`memory`, `sqlite:PATH`, `etcd:URL[,URL...]`) into a store: what the CLI's --store takes. */
import { InvalidStoreSpecError } from './errors.js';
import { EtcdStore } from './etcd-store.js';
import { MemoryStore } from './memory-store.js';
import { SqliteStore } from './sqlite-store.js';
import { type RegistryStore } from './store.js';

/**
 * A store from its spec: `memory`; `sqlite:PATH` (WAL file, created if missing); `etcd:URL` or
 * `etcd:URL1,URL2` (keys under `/compass-registry`).
 *
 * @throws InvalidStoreSpecError for anything else.
 */
export function createStore(spec: string): RegistryStore {
  if (spec === 'memory') return new MemoryStore();
  if (spec.startsWith('sqlite:') && spec.length > 'sqlite:'.length) {
    return new SqliteStore({ path: spec.slice('sqlite:'.length) });
  }
  if (spec.startsWith('etcd:') && spec.length > 'etcd:'.length) {
    const hosts = spec
      .slice('etcd:'.length)
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    if (hosts.length > 0) return new EtcdStore({ hosts });
  }
  throw new InvalidStoreSpecError(spec);
}
