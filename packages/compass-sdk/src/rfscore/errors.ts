/** Errors of the RF-Score area: features CSVs, training, ONNX export and packages, each with a literal code. */
import { CompassError, type CompassErrorOptions } from '../errors.js';

/** Every code an {@link RfScoreError} can carry. */
export type RfScoreErrorCode =
  'RFSCORE_BAD_CSV' | 'RFSCORE_BAD_INPUT' | 'RFSCORE_BAD_OPTIONS' | 'RFSCORE_BAD_MODEL' | 'RFSCORE_CANCELLED';

const BRAND = Symbol.for('@compass/sdk/RfScoreError');

/**
 * An RF-Score input, option or model that cannot be used: a features CSV row with a bad field (`details` names the
 * source, line and column), training options out of range, a stopped training run. Check with {@link isRfScoreError}.
 */
export class RfScoreError extends CompassError {
  readonly [BRAND] = true;
  declare readonly code: RfScoreErrorCode;

  constructor(code: RfScoreErrorCode, message: string, options: CompassErrorOptions = {}) {
    super(code, message, options);
  }
}

/** True when `e` is an {@link RfScoreError} from any copy of this package. */
export function isRfScoreError(e: unknown): e is RfScoreError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
