/** Errors of the scoring area: every failure is a {@link CompassError} with a literal `SCORING_*` code. */
import { CompassError, type CompassErrorOptions } from '../errors.js';

/** Every code a {@link ScoringError} can carry. */
export type ScoringErrorCode =
  | 'SCORING_EMPTY_LIGAND'
  | 'SCORING_EMPTY_RECEPTOR'
  | 'SCORING_BAD_COORDINATE'
  | 'SCORING_BAD_INPUT'
  | 'SCORING_VINA_UNAVAILABLE'
  | 'SCORING_VINA_FAILED';

const BRAND = Symbol.for('@compass/sdk/ScoringError');

/**
 * A scoring input that cannot give a meaningful score (no scorable ligand atom, a NaN coordinate), or a failure of
 * the external reference tools. Check with {@link isScoringError}.
 */
export class ScoringError extends CompassError {
  readonly [BRAND] = true;
  declare readonly code: ScoringErrorCode;

  constructor(code: ScoringErrorCode, message: string, options: CompassErrorOptions = {}) {
    super(code, message, options);
  }
}

/** True when `e` is a {@link ScoringError} from any copy of this package. */
export function isScoringError(e: unknown): e is ScoringError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
