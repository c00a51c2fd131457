/** Errors of model packages: missing files, bad cards, checksum and featuriser mismatches, bad archives. */
import { CompassError, type CompassErrorOptions } from '../errors.js';

/** Literal codes of {@link ModelPackageError}. */
export type ModelPackageErrorCode =
  | 'MODEL_PACKAGE_NOT_FOUND'
  | 'MODEL_PACKAGE_MISSING_FILE'
  | 'MODEL_PACKAGE_BAD_CARD'
  | 'MODEL_PACKAGE_CHECKSUM_MISMATCH'
  | 'MODEL_PACKAGE_FEATURISER_MISMATCH'
  | 'MODEL_PACKAGE_BAD_PARAMS'
  | 'MODEL_PACKAGE_BAD_ARCHIVE'
  | 'MODEL_PACKAGE_WRONG_ARCHITECTURE';

const BRAND = Symbol.for('@compass/sdk/ModelPackageError');

/** A model package could not be saved, loaded, packed or unpacked. `details.field` names a bad card field. */
export class ModelPackageError extends CompassError {
  readonly [BRAND] = true;
  declare readonly code: ModelPackageErrorCode;

  constructor(code: ModelPackageErrorCode, message: string, options: CompassErrorOptions = {}) {
    super(code, message, options);
  }
}

/** True when `e` is a {@link ModelPackageError} from any copy of this package. */
export function isModelPackageError(e: unknown): e is ModelPackageError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
