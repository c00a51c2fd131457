/** Registry stores: the interface, the memory, SQLite and etcd implementations, the spec parser and their errors. */
export { type RegistryStore, type StoreChange, type StoreSnapshot } from './store.js';
export { MemoryStore } from './memory-store.js';
export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export { EtcdStore, type EtcdStoreOptions } from './etcd-store.js';
export { createStore } from './create-store.js';
export { InvalidStoreSpecError, StoreError } from './errors.js';
