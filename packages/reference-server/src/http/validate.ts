/** Zod parsing that turns failures into VALIDATION_FAILED errors naming the field path. */
import { type z } from 'zod';
import { ServerError } from '../errors.js';

/** Parses `value` with `schema`; on failure throws VALIDATION_FAILED (400) with each issue's dotted path. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  const first = issues[0];
  throw new ServerError('VALIDATION_FAILED', first ? `${first.path}: ${first.message}` : `invalid ${where}`, {
    details: { issues },
  });
}
