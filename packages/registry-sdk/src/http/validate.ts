/** Runs a zod schema over part of a request and turns its issues into a 400 that names the field at fault. */
import { type z } from 'zod';
import { HttpProblem } from './problem.js';

/** One validation issue as sent in `error.details.issues`. */
export interface FieldIssue {
  /** Dotted path of the field at fault (`port`, `metadata.zone`, `check.ttlMs`); empty for the whole value. */
  readonly field: string;
  readonly message: string;
  readonly code: string;
}

/** Formats a zod issue path (`['check', 'ttlMs']`) as `check.ttlMs`. */
export function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((key) => String(key)).join('.');
}

/** Converts zod issues to the issues listed in the error envelope. */
export function toFieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((issue) => ({ field: fieldOf(issue.path), message: issue.message, code: issue.code }));
}

/**
 * Parses `value` with `schema`; on failure throws a `VALIDATION_FAILED` problem whose details carry `in`
 * (`body`, `query`, `path`), the first `field` at fault and every issue.
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'path',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error.issues);
  const first = issues[0];
  const field = first?.field ?? '';
  const message = first ? `${where}${field ? `.${field}` : ''}: ${first.message}` : `invalid ${where}`;
  throw new HttpProblem(400, 'VALIDATION_FAILED', message, { details: { in: where, field, issues } });
}
