/** Opaque page cursors over (createdAt, id), the key every list is ordered by (newest first). */
import { ServerError } from '../errors.js';

/** Position after which the next page starts. */
export interface CursorPosition {
  readonly createdAt: string;
  readonly id: string;
}

/** Encodes the position of the last item of a page. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');
}

/** Decodes a cursor from {@link encodeCursor}; throws VALIDATION_FAILED for anything else. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((p) => typeof p === 'string')) {
      return { createdAt: parsed[0] as string, id: parsed[1] as string };
    }
  } catch (_e) {
    // fall through to the error below
  }
  throw new ServerError('VALIDATION_FAILED', 'invalid cursor', { details: { path: 'cursor' } });
}

/** Clamps a requested page size to 1..200 (default 50). */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return 50;
  return Math.min(200, Math.max(1, Math.floor(limit)));
}

/** Builds a page from `limit + 1` fetched rows: the extra row only says whether another page exists. */
export function toPage<T extends CursorPosition>(
  rows: T[],
  limit: number,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
