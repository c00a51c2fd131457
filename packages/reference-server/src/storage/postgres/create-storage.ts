/** Picks the storage engine from a URL: `sqlite:PATH` (the embedded default) or `postgres://...`. */
import { SqliteStorage } from '../sqlite/sqlite-storage.js';
import { type Storage } from '../storage.js';
import { PostgresStorage, type PostgresStorageOptions } from './postgres-storage.js';

/**
 * Opens the store a URL names: `postgres://` / `postgresql://` URLs open {@link PostgresStorage}; `sqlite:PATH`
 * (or a bare path) opens {@link SqliteStorage}. Configuration switches the engine; nothing else changes.
 *
 * @example
 * const storage = await createStorage(process.env.COMPASS_STORE ?? `sqlite:${join(dataDir, 'compass.db')}`);
 */
export async function createStorage(url: string, options: PostgresStorageOptions = {}): Promise<Storage> {
  if (/^postgres(ql)?:\/\//i.test(url)) return PostgresStorage.open(url, options);
  const path = url.replace(/^sqlite:(\/\/)?/i, '');
  if (path === '')
    throw new Error('a sqlite store URL needs a path, e.g. sqlite:/var/lib/compass/compass.db');
  return SqliteStorage.open(path);
}

/** Which engine a store URL selects. */
export function storageEngine(url: string): 'postgres' | 'sqlite' {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
}
