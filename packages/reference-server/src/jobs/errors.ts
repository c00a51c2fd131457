/** Base error of the scale-out area (jobs, queues, workers, shared content): a literal `code`, a brand and a guard. */

const BRAND = Symbol.for('@compass/reference-server/ScaleError');

/** Every failure code of jobs, queues, workers and the shared content store. */
export type ScaleErrorCode =
  | 'JOB_NOT_FOUND'
  | 'JOB_HANDLER_MISSING'
  | 'JOB_INPUT_INVALID'
  | 'JOB_STOPPED'
  | 'JOB_SUPERSEDED'
  | 'JOB_FAILED'
  | 'JOB_TIMEOUT'
  | 'CONTENT_MISSING'
  | 'CONTENT_MISMATCH'
  | 'QUEUE_CLOSED'
  | 'BATCH_INPUT_INVALID';

/**
 * Base class of every scale-out error. Check with {@link isScaleError}, not `instanceof`, which fails across
 * ESM/CJS copies.
 */
export class ScaleError extends Error {
  readonly [BRAND] = true;
  readonly code: ScaleErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: ScaleErrorCode,
    message: string,
    options: { cause?: unknown; details?: Readonly<Record<string, unknown>> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }
}

/** True when `e` is a {@link ScaleError} from any copy of this package. */
export function isScaleError(e: unknown): e is ScaleError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
