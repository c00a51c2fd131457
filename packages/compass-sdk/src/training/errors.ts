/** Errors of the training area: bad configuration, unreadable datasets, non-finite losses, bad checkpoints. */
import { CompassError, type CompassErrorOptions } from '../errors.js';

/** Literal codes of {@link TrainingError}. */
export type TrainingErrorCode =
  | 'TRAINING_BAD_CONFIG'
  | 'TRAINING_EMPTY_SPLIT'
  | 'TRAINING_NON_FINITE'
  | 'TRAINING_NO_CHECKPOINT'
  | 'TRAINING_BAD_CHECKPOINT'
  | 'TRAINING_BAD_STATE'
  | 'TRAINING_CANCELLED'
  | 'TRAINING_WORKER_FAILED';

const BRAND = Symbol.for('@compass/sdk/TrainingError');

/** A training run could not start, continue or resume as asked. */
export class TrainingError extends CompassError {
  readonly [BRAND] = true;
  declare readonly code: TrainingErrorCode;

  constructor(code: TrainingErrorCode, message: string, options: CompassErrorOptions = {}) {
    super(code, message, options);
  }
}

/** True when `e` is a {@link TrainingError} from any copy of this package. */
export function isTrainingError(e: unknown): e is TrainingError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
