/** The SQLite store (better-sqlite3, WAL): the embedded default, so a restarted registry keeps every registration. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { type Instance } from '../instance/types.js';
import { type RegistryStore, type StoreSnapshot } from './store.js';

/** Options of {@link SqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file (created with its folder if missing); `:memory:` for a private in-memory database. */
  readonly path: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS instances (id TEXT PRIMARY KEY, service TEXT NOT NULL, body TEXT NOT NULL, mod_index INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS instances_service ON instances (service);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('index', 1);
`;

/**
 * Instances as JSON rows, the index in a `meta` row; every write bumps the index and changes the row in one
 * transaction, so the index persists and stays monotonic across restarts. One registry process per file.
 */
export class SqliteStore implements RegistryStore {
  readonly kind = 'sqlite';
  readonly path: string;
  #db: Database.Database | undefined;
  #put: ((instance: Instance) => number) | undefined;
  #delete: ((id: string) => number | undefined) | undefined;

  constructor(options: SqliteStoreOptions) {
    this.path = options.path;
  }

  async load(): Promise<StoreSnapshot> {
    const db = this.#open();
    return guard(() =>
      db.transaction(() => {
        const rows = db.prepare('SELECT body FROM instances ORDER BY id').all() as Array<{ body: string }>;
        return { instances: rows.map((row) => JSON.parse(row.body) as Instance), index: readIndex(db) };
      })(),
    );
  }

  async put(instance: Instance): Promise<number> {
    this.#open();
    return guard(() => this.#put!(instance));
  }

  async delete(id: string): Promise<number | undefined> {
    this.#open();
    return guard(() => this.#delete!(id));
  }

  async close(): Promise<void> {
    this.#db?.close();
    this.#db = undefined;
  }

  #open(): Database.Database {
    if (this.#db) return this.#db;
    const db = guard(() => {
      if (this.path !== ':memory:') mkdirSync(dirname(this.path), { recursive: true });
      const opened = new Database(this.path);
      opened.pragma('journal_mode = WAL');
      // WAL + NORMAL survives a crash of the process; only a power loss can lose the last writes.
      opened.pragma('synchronous = NORMAL');
      opened.pragma('busy_timeout = 5000');
      opened.exec(SCHEMA);
      return opened;
    });
    const bump = db.prepare("UPDATE meta SET value = value + 1 WHERE key = 'index' RETURNING value");
    const upsert = db.prepare(
      'INSERT INTO instances (id, service, body, mod_index) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (id) DO UPDATE SET service = excluded.service, body = excluded.body, mod_index = excluded.mod_index',
    );
    const remove = db.prepare('DELETE FROM instances WHERE id = ?');
    this.#put = db.transaction((instance: Instance) => {
      const { value } = bump.get() as { value: number };
      upsert.run(instance.id, instance.service, JSON.stringify(instance), value);
      return value;
    });
    this.#delete = db.transaction((id: string) => {
      if (remove.run(id).changes === 0) return undefined;
      return (bump.get() as { value: number }).value;
    });
    this.#db = db;
    return db;
  }
}

function readIndex(db: Database.Database): number {
  return (db.prepare("SELECT value FROM meta WHERE key = 'index'").get() as { value: number }).value;
}

/** Runs a database call, turning driver failures (busy, closed, disk full) into a retryable StoreError. */
function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new StoreError(`sqlite store: ${(err as Error).message}`, { cause: err });
  }
}
