/** The embedded default store: SQLite through better-sqlite3, WAL journal, migrations, transactions. */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { apiKeySchema, type ApiKey } from '../records.js';
import { type NewApiKey, type Page, type PageQuery, type Storage } from '../storage.js';
import { SqliteCatalogLayer } from './catalog-layer.js';
import { migrate } from './migrations.js';
import { keyFromRow, type Row } from './rows.js';

/**
 * {@link Storage} on one SQLite file (or `:memory:`). Opening applies pending migrations.
 *
 * @example
 * const storage = SqliteStorage.open(join(dataDir, 'compass.db'));
 */
export class SqliteStorage extends SqliteCatalogLayer implements Storage {
  private closed = false;

  private constructor(db: Database.Database) {
    super(db);
  }

  /** Opens (creating if needed) the database at `file` and migrates it to the current schema. */
  static open(file: string): SqliteStorage {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return new SqliteStorage(db);
  }

  async createKey(input: NewApiKey): Promise<ApiKey> {
    const key = apiKeySchema.parse({
      ...input,
      id: randomUUID(),
      createdAt: this.now(),
      lastUsedAt: null,
      revoked: false,
    });
    this.db
      .prepare(
        'INSERT INTO api_keys (id, name, role, hash, created_at, last_used_at, revoked) VALUES (?, ?, ?, ?, ?, NULL, 0)',
      )
      .run(key.id, key.name, key.role, key.hash, key.createdAt);
    return key;
  }

  async getKey(id: string): Promise<ApiKey | undefined> {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE id = ?').get(id) as Row | undefined;
    return row ? keyFromRow(row) : undefined;
  }

  async findKeyByHash(hash: string): Promise<ApiKey | undefined> {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE hash = ? AND revoked = 0').get(hash) as
      Row | undefined;
    return row ? keyFromRow(row) : undefined;
  }

  async listKeys(query: PageQuery = {}): Promise<Page<ApiKey>> {
    return this.page('api_keys', keyFromRow, query);
  }

  async revokeKey(id: string): Promise<ApiKey | undefined> {
    const row = this.db.prepare('UPDATE api_keys SET revoked = 1 WHERE id = ? RETURNING *').get(id) as
      Row | undefined;
    return row ? keyFromRow(row) : undefined;
  }

  async touchKey(id: string, at: Date = new Date()): Promise<void> {
    this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(at.toISOString(), id);
  }

  async countActiveKeys(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM api_keys WHERE revoked = 0').get() as { n: number }).n;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
