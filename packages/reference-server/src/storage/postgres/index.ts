/** PostgreSQL storage for several server instances, and the factory that picks the engine from a URL. */
export { PostgresStorage, type PostgresStorageOptions } from './postgres-storage.js';
export { PG_MIGRATIONS } from './migrations.js';
export { createStorage, storageEngine } from './create-storage.js';
export { ContentStore, sha256Hex, type StoredBlob } from './content-store.js';
