/** Schema migrations of the SQLite store, applied in order and recorded in a version table. */
import type Database from 'better-sqlite3';

/** Each entry upgrades the schema by one version; never edit a released entry, append a new one. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE tasks (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, mode TEXT NOT NULL, config TEXT NOT NULL, state TEXT NOT NULL,
     progress REAL NOT NULL, error TEXT, owner TEXT, model_id TEXT, dataset_id TEXT,
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL, started_at TEXT, finished_at TEXT);
   CREATE INDEX tasks_created ON tasks (created_at DESC, id DESC);
   CREATE INDEX tasks_state ON tasks (state);
   CREATE TABLE task_logs (
     cursor INTEGER PRIMARY KEY AUTOINCREMENT, task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
     at TEXT NOT NULL, level TEXT NOT NULL, message TEXT NOT NULL);
   CREATE INDEX task_logs_task ON task_logs (task_id, cursor);
   CREATE TABLE task_metrics (
     task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE, epoch INTEGER NOT NULL, at TEXT NOT NULL,
     "values" TEXT NOT NULL, PRIMARY KEY (task_id, epoch));
   CREATE TABLE datasets (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,
     file TEXT, counts TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
   CREATE INDEX datasets_created ON datasets (created_at DESC, id DESC);
   CREATE TABLE models (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, aliases TEXT NOT NULL, is_default INTEGER NOT NULL, card TEXT NOT NULL,
     package_path TEXT NOT NULL, sha256 TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE UNIQUE INDEX models_one_default ON models (is_default) WHERE is_default = 1;
   CREATE TABLE model_aliases (alias TEXT PRIMARY KEY, model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE);
   CREATE TABLE api_keys (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL,
     last_used_at TEXT, revoked INTEGER NOT NULL);`,
];

/** Applies every migration newer than the recorded version, each in its own transaction; returns the version. */
export function migrate(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
  let version = row?.version ?? 0;
  if (!row) db.prepare('INSERT INTO schema_version (version) VALUES (0)').run();
  if (version > MIGRATIONS.length) {
    throw new Error(`database schema version ${version} is newer than this server (${MIGRATIONS.length})`);
  }
  for (; version < MIGRATIONS.length; version++) {
    const next = version + 1;
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.prepare('UPDATE schema_version SET version = ?').run(next);
    })();
  }
  return version;
}
