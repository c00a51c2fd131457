/** Schema migrations of the PostgreSQL store, applied in order under an advisory lock and recorded in a version table. */
import type { PoolClient } from 'pg';

/** Each entry upgrades the schema by one version; never edit a released entry, append a new one. */
export const PG_MIGRATIONS: readonly string[] = [
  // Timestamps stay ISO-8601 text (as in SQLite) so both stores return identical records; the "C" collation makes
  // text order byte order whatever locale the database was created with, so cursors page the same way.
  `CREATE TABLE tasks (
     id TEXT COLLATE "C" PRIMARY KEY, name TEXT NOT NULL, mode TEXT NOT NULL, config JSONB NOT NULL, state TEXT NOT NULL,
     progress DOUBLE PRECISION NOT NULL, error TEXT, owner TEXT, model_id TEXT, dataset_id TEXT,
     created_at TEXT COLLATE "C" NOT NULL, updated_at TEXT NOT NULL, started_at TEXT, finished_at TEXT);
   CREATE INDEX tasks_created ON tasks (created_at DESC, id DESC);
   CREATE INDEX tasks_state ON tasks (state);
   CREATE TABLE task_logs (
     cursor BIGSERIAL PRIMARY KEY, task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
     at TEXT NOT NULL, level TEXT NOT NULL, message TEXT NOT NULL);
   CREATE INDEX task_logs_task ON task_logs (task_id, cursor);
   CREATE TABLE task_metrics (
     task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE, epoch INTEGER NOT NULL, at TEXT NOT NULL,
     "values" JSONB NOT NULL, PRIMARY KEY (task_id, epoch));
   CREATE TABLE datasets (
     id TEXT COLLATE "C" PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,
     file JSONB, counts JSONB NOT NULL, created_at TEXT COLLATE "C" NOT NULL, updated_at TEXT NOT NULL);
   CREATE INDEX datasets_created ON datasets (created_at DESC, id DESC);
   CREATE TABLE models (
     id TEXT COLLATE "C" PRIMARY KEY, name TEXT NOT NULL, aliases JSONB NOT NULL, is_default BOOLEAN NOT NULL, card JSONB NOT NULL,
     package_path TEXT NOT NULL, sha256 TEXT NOT NULL, created_at TEXT COLLATE "C" NOT NULL);
   CREATE UNIQUE INDEX models_one_default ON models (is_default) WHERE is_default;
   CREATE TABLE model_aliases (alias TEXT PRIMARY KEY, model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE);
   CREATE TABLE api_keys (
     id TEXT COLLATE "C" PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created_at TEXT COLLATE "C" NOT NULL,
     last_used_at TEXT, revoked BOOLEAN NOT NULL);`,
];

// Any constant works; it only has to be the same for every server migrating the same database.
const MIGRATION_LOCK = 7_310_421;

/**
 * Creates `schema` (already validated as an identifier) if missing and applies every migration newer than the
 * recorded version in one transaction. A transaction-scoped advisory lock
 * makes servers that start together migrate one after the other. Returns the resulting version.
 */
export async function migratePostgres(client: PoolClient, schema = 'public'): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    // Under the lock: two servers creating the same schema at once would otherwise collide on its name.
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = (await client.query<{ version: number }>('SELECT version FROM schema_version')).rows[0];
    let version = row?.version ?? 0;
    if (!row) await client.query('INSERT INTO schema_version (version) VALUES (0)');
    if (version > PG_MIGRATIONS.length) {
      throw new Error(
        `database schema version ${version} is newer than this server (${PG_MIGRATIONS.length})`,
      );
    }
    for (; version < PG_MIGRATIONS.length; version++) await client.query(PG_MIGRATIONS[version] as string);
    await client.query('UPDATE schema_version SET version = $1', [version]);
    await client.query('COMMIT');
    return version;
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
}
