/** Shared plumbing of the PostgreSQL store: the pool, transactions, a strictly increasing clock and cursor paging. */
import type { Pool, PoolClient } from 'pg';
import { decodeCursor, pageLimit, toPage } from '../cursor.js';
import { type Page, type PageQuery } from '../storage.js';
import { type Row } from './rows.js';

/** Something queries can run on: the pool, or one client inside a transaction. */
export type Queryable = Pick<Pool, 'query'> | PoolClient;

/** Base of the PostgreSQL store layers: holds the pool and the helpers every table uses. */
export abstract class PgBase {
  private lastTime = 0;

  protected constructor(protected readonly pool: Pool) {}

  /** Strictly increasing ISO timestamps, so "newest first" follows creation order even within one millisecond. */
  protected now(): string {
    this.lastTime = Math.max(Date.now(), this.lastTime + 1);
    return new Date(this.lastTime).toISOString();
  }

  /** Rows of one query on the pool (or `on`). */
  protected async rows(sql: string, args: unknown[] = [], on: Queryable = this.pool): Promise<Row[]> {
    return (await on.query(sql, args)).rows as Row[];
  }

  /** Runs `work` in one transaction on one client: COMMIT when it resolves, ROLLBACK when it throws. */
  protected async tx<T>(work: (c: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await work(client);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /** One page of `table`, newest first, after the query's cursor and matching `where` (placeholders `$1..`). */
  protected async page<T extends { createdAt: string; id: string }>(
    table: string,
    map: (r: Row) => T,
    query: PageQuery,
    where: string[] = [],
    args: unknown[] = [],
  ): Promise<Page<T>> {
    const limit = pageLimit(query.limit);
    if (query.cursor !== undefined) {
      const pos = decodeCursor(query.cursor);
      args.push(pos.createdAt, pos.id);
      where.push(
        `(created_at < $${args.length - 1} OR (created_at = $${args.length - 1} AND id < $${args.length}))`,
      );
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    args.push(limit + 1);
    const rows = await this.rows(
      `SELECT * FROM ${table} ${clause} ORDER BY created_at DESC, id DESC LIMIT $${args.length}`,
      args,
    );
    return toPage(rows.map(map), limit);
  }
}
