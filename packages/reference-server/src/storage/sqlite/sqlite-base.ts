/** Shared plumbing of the SQLite store: the connection, a strictly increasing clock and cursor paging. */
import type Database from 'better-sqlite3';
import { decodeCursor, pageLimit, toPage } from '../cursor.js';
import { type Page, type PageQuery } from '../storage.js';
import { type Row } from './rows.js';

/** Where the list query starts: rows strictly older than the cursor position. */
function after(cursor: string | undefined, where: string[], args: unknown[]): void {
  if (cursor === undefined) return;
  const pos = decodeCursor(cursor);
  where.push('(created_at < ? OR (created_at = ? AND id < ?))');
  args.push(pos.createdAt, pos.createdAt, pos.id);
}

/** Base of the SQLite store layers: holds the connection and the helpers every table uses. */
export abstract class SqliteBase {
  private lastTime = 0;

  protected constructor(protected readonly db: Database.Database) {}

  /** Strictly increasing ISO timestamps, so "newest first" follows creation order even within one millisecond. */
  protected now(): string {
    this.lastTime = Math.max(Date.now(), this.lastTime + 1);
    return new Date(this.lastTime).toISOString();
  }

  /** One page of `table`, newest first, after the query's cursor and matching `where`. */
  protected page<T extends { createdAt: string; id: string }>(
    table: string,
    map: (r: Row) => T,
    query: PageQuery,
    where: string[] = [],
    args: unknown[] = [],
  ): Page<T> {
    const limit = pageLimit(query.limit);
    after(query.cursor, where, args);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT * FROM ${table} ${clause} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(...args, limit + 1) as Row[];
    return toPage(rows.map(map), limit);
  }
}
