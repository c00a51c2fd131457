/** Validates v0 request parts with zod and answers failures as the v0 422. */
import { type z } from 'zod';
import { toV0Issues } from '@compass/registry-sdk';
import { validationError } from './errors.js';

/** Parses `value` with `schema`, or throws the v0 validation error locating the fault under `where`. */
export function parseV0Input<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'path',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw validationError(toV0Issues(result.error.issues, where));
}
