/** The zod schema of a v0 registration body and how its issues become FastAPI-style 422 details. */
import { z } from 'zod';
import { SERVICE_NAME_PATTERN } from '../core/schema.js';
import { V0RequestError, type V0ValidationIssue } from './errors.js';

/** Body of `POST /api/v1/services/register` (v0), with pydantic's defaults. */
export const v0RegisterBodySchema = z.object({
  service_name: z.string().regex(SERVICE_NAME_PATTERN, 'must be 1-128 letters, digits, "_", "-" or "."'),
  host: z.string().min(1).max(255),
  port: z.int().min(1).max(65_535),
  metadata: z.record(z.string(), z.unknown()).default({}),
  version: z.string().max(128).default('1.0.0'),
});

/** A parsed v0 registration. */
export type V0RegisterBody = z.infer<typeof v0RegisterBodySchema>;

/** The pydantic `type` closest to a zod issue code. */
function issueType(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return issue.input === undefined ? 'missing' : `${issue.expected}_type`;
  if (issue.code === 'too_small') return 'greater_than_equal';
  if (issue.code === 'too_big') return 'less_than_equal';
  if (issue.code === 'invalid_format') return 'string_pattern_mismatch';
  return 'value_error';
}

/** Zod issues as FastAPI's `detail` list, located under `where` (`body`, `query`, `path`). */
export function toV0Issues(issues: readonly z.core.$ZodIssue[], where: string): V0ValidationIssue[] {
  return issues.map((issue) => ({
    type: issueType(issue),
    loc: [where, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))],
    msg: issue.input === undefined && issue.code === 'invalid_type' ? 'Field required' : issue.message,
  }));
}

/** Parses `value` or throws the v0 422. */
export function parseV0<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new V0RequestError('V0_VALIDATION_FAILED', toV0Issues(result.error.issues, where));
}
