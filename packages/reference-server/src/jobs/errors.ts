/** The scale-out area's errors (jobs, queues, workers, shared content): a `ServerError` subclass with its own codes. */
import { ServerError, type ServerErrorCode, type ServerErrorOptions } from '../errors.js';

const BRAND = Symbol.for('@compass/reference-server/ScaleError');

/** The codes of jobs, queues, workers and the shared content store (all of them `ServerError` codes). */
export type ScaleErrorCode = Extract<
  ServerErrorCode,
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
  | 'BATCH_INPUT_INVALID'
>;

/**
 * A failure of the scale-out area. A {@link ServerError} (one base per package): `isServerError` holds for it and its
 * status comes from `ERROR_STATUS`. Check with {@link isScaleError}, not `instanceof`, which fails across ESM/CJS copies.
 */
export class ScaleError extends ServerError {
  readonly [BRAND] = true;
  declare readonly code: ScaleErrorCode;

  constructor(code: ScaleErrorCode, message: string, options: ServerErrorOptions = {}) {
    super(code, message, options);
  }
}

/** True when `e` is a {@link ScaleError} from any copy of this package. */
export function isScaleError(e: unknown): e is ScaleError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
