/** Errors of the runtime: sessions, providers, workers, cancellation. */
import { CompassError, type CompassErrorOptions } from '../errors.js';

/** Literal codes of {@link RuntimeError}. */
export type RuntimeErrorCode =
  | 'RUNTIME_SESSION_FAILED'
  | 'RUNTIME_RUN_FAILED'
  | 'RUNTIME_ABORTED'
  | 'RUNTIME_WORKER_FAILED'
  | 'RUNTIME_CLOSED';

const BRAND = Symbol.for('@compass/sdk/RuntimeError');

/** A session could not be created or run, a worker died, or a run was cancelled. */
export class RuntimeError extends CompassError {
  readonly [BRAND] = true;
  declare readonly code: RuntimeErrorCode;

  constructor(code: RuntimeErrorCode, message: string, options: CompassErrorOptions = {}) {
    super(code, message, options);
  }
}

/** True when `e` is a {@link RuntimeError} from any copy of this package. */
export function isRuntimeError(e: unknown): e is RuntimeError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
