/** Shared query and response schemas for cursor-paginated lists. */
import { z } from 'zod';

/** `?cursor=&limit=` of every list route. */
export const pageQuerySchema = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** A page of `item` with the cursor of the next page (null on the last). */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
