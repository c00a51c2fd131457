/** Errors of parameter files. */
import { CompassError, type CompassErrorOptions } from '../errors.js';

/** Literal codes of {@link ParamsError}. */
export type ParamsErrorCode =
  | 'PARAMS_BAD_FORMAT'
  | 'PARAMS_CHECKSUM_MISMATCH'
  | 'PARAMS_NAME_MISMATCH'
  | 'PARAMS_SHAPE_MISMATCH'
  | 'PARAMS_UNSUPPORTED_DTYPE';

const BRAND = Symbol.for('@compass/sdk/ParamsError');

/** A parameter file is malformed, corrupted, or does not match the model. */
export class ParamsError extends CompassError {
  readonly [BRAND] = true;
  declare readonly code: ParamsErrorCode;

  constructor(code: ParamsErrorCode, message: string, options: CompassErrorOptions = {}) {
    super(code, message, options);
  }
}

/** True when `e` is a {@link ParamsError} from any copy of this package. */
export function isParamsError(e: unknown): e is ParamsError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
