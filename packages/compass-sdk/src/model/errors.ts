/** Errors of the COMPASS model: bad hyper-parameters and inputs the model cannot take. */
import { CompassError, type CompassErrorOptions } from '../errors.js';

/** Literal codes of {@link ModelError}. */
export type ModelErrorCode = 'MODEL_BAD_HYPERPARAMS' | 'MODEL_BAD_INPUT' | 'MODEL_BAD_CHECKPOINT';

const BRAND = Symbol.for('@compass/sdk/ModelError');

/** Hyper-parameters out of range, a batch the model cannot be fed, or a checkpoint that does not fit the model. */
export class ModelError extends CompassError {
  readonly [BRAND] = true;
  declare readonly code: ModelErrorCode;

  constructor(code: ModelErrorCode, message: string, options: CompassErrorOptions = {}) {
    super(code, message, options);
  }
}

/** True when `e` is a {@link ModelError} from any copy of this package. */
export function isModelError(e: unknown): e is ModelError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
