/** Reads every page of a paged store list (the v0 API lists everything in one answer). */
import { type Page, type PageQuery } from '../storage/storage.js';

/** Every item of a cursor-paged list, page by page (200 at a time), up to `max` items. */
export async function allPages<T>(list: (query: PageQuery) => Promise<Page<T>>, max = 10_000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: 200, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < max);
  return out.slice(0, max);
}
