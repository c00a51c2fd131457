/** Cursor pagination as an async iterator: `for await (const task of client.tasks.iterate())`. */

/** A page of a list route. */
export interface Page<T> {
  readonly items: readonly T[];
  /** Cursor of the next page; null on the last page. */
  readonly nextCursor: string | null;
}

/**
 * Yields every item of a cursor-paginated list, fetching the next page only when the previous one is consumed.
 * Stops at the first page whose `nextCursor` is null (or repeats the cursor it was asked for).
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  start?: string,
): AsyncGenerator<T, void, undefined> {
  let cursor = start;
  for (;;) {
    const page = await fetchPage(cursor);
    yield* page.items;
    // A server echoing the same cursor would loop forever; treat it as the end.
    if (page.nextCursor === null || page.nextCursor === cursor) return;
    cursor = page.nextCursor;
  }
}
