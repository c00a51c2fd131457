/** Errors of the COMPASS predictors. */
import { CompassError, type CompassErrorOptions } from '../errors.js';

/** Literal codes of {@link PredictorError}. */
export type PredictorErrorCode =
  | 'PREDICTOR_CLOSED'
  | 'PREDICTOR_NO_DEFAULT_MODEL'
  | 'PREDICTOR_NON_FINITE'
  | 'PREDICTOR_BAD_INPUT'
  | 'PREDICTOR_RUN_FAILED';

const BRAND = Symbol.for('@compass/sdk/PredictorError');

/** A prediction could not be made: closed predictor, missing default model, non-finite output, bad input. */
export class PredictorError extends CompassError {
  readonly [BRAND] = true;
  declare readonly code: PredictorErrorCode;

  constructor(code: PredictorErrorCode, message: string, options: CompassErrorOptions = {}) {
    super(code, message, options);
  }
}

/** True when `e` is a {@link PredictorError} from any copy of this package. */
export function isPredictorError(e: unknown): e is PredictorError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
