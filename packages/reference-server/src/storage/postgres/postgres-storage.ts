/** The shared store for several servers: PostgreSQL through node-postgres, migrations, transactions, row locks. */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { apiKeySchema, type ApiKey } from '../records.js';
import { type NewApiKey, type Page, type PageQuery, type Storage } from '../storage.js';
import { migratePostgres } from './migrations.js';
import { PgCatalogLayer } from './pg-catalog-layer.js';
import { pgKeyFromRow } from './rows.js';

/** Options of {@link PostgresStorage.open}. */
export interface PostgresStorageOptions {
  /** Schema to keep the tables in (created if missing); default `public`. Lets tests and tenants share a server. */
  readonly schema?: string;
  /** Most connections in the pool (default 10). */
  readonly maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * {@link Storage} on a PostgreSQL database, so every server instance sees the same tasks, datasets, models and
 * keys. Opening applies pending migrations (one server at a time, under an advisory lock).
 *
 * @example
 * const storage = await PostgresStorage.open('postgres://compass:secret@db:5432/compass');
 */
export class PostgresStorage extends PgCatalogLayer implements Storage {
  private closed = false;

  private constructor(pool: pg.Pool) {
    super(pool);
  }

  /** Connects, creates the schema if asked for one, and migrates it to the current version. */
  static async open(url: string, options: PostgresStorageOptions = {}): Promise<PostgresStorage> {
    const schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(schema))
      throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}`);
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 10,
      options: `-c search_path=${schema}`,
    });
    // An idle client that loses its server must not crash the process; the next query reports the failure.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        await migratePostgres(client, schema);
      } finally {
        client.release();
      }
    } catch (e) {
      await pool.end();
      throw e;
    }
    return new PostgresStorage(pool);
  }

  async createKey(input: NewApiKey): Promise<ApiKey> {
    const key = apiKeySchema.parse({
      ...input,
      id: randomUUID(),
      createdAt: this.now(),
      lastUsedAt: null,
      revoked: false,
    });
    await this.rows(
      'INSERT INTO api_keys (id, name, role, hash, created_at, last_used_at, revoked) VALUES ($1, $2, $3, $4, $5, NULL, FALSE)',
      [key.id, key.name, key.role, key.hash, key.createdAt],
    );
    return key;
  }

  async getKey(id: string): Promise<ApiKey | undefined> {
    const [row] = await this.rows('SELECT * FROM api_keys WHERE id = $1', [id]);
    return row ? pgKeyFromRow(row) : undefined;
  }

  async findKeyByHash(hash: string): Promise<ApiKey | undefined> {
    const [row] = await this.rows('SELECT * FROM api_keys WHERE hash = $1 AND NOT revoked', [hash]);
    return row ? pgKeyFromRow(row) : undefined;
  }

  async listKeys(query: PageQuery = {}): Promise<Page<ApiKey>> {
    return this.page('api_keys', pgKeyFromRow, query);
  }

  async revokeKey(id: string): Promise<ApiKey | undefined> {
    const [row] = await this.rows('UPDATE api_keys SET revoked = TRUE WHERE id = $1 RETURNING *', [id]);
    return row ? pgKeyFromRow(row) : undefined;
  }

  async touchKey(id: string, at: Date = new Date()): Promise<void> {
    await this.rows('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [at.toISOString(), id]);
  }

  async countActiveKeys(): Promise<number> {
    const [row] = await this.rows('SELECT count(*)::int AS n FROM api_keys WHERE NOT revoked');
    return row?.n as number;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Ending the liveness session releases this server's owner locks, so other servers may recover its tasks.
    this.liveness?.release(true);
    await this.pool.end();
  }
}
