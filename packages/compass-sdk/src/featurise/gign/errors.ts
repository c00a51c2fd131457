/** Typed errors of the GIGN featuriser: one code per way a complex cannot become GIGN's graph. */
import { CompassError, type CompassErrorOptions } from '../../errors.js';

/** Codes of featurisation failures. */
export type FeaturiseErrorCode =
  | 'FEATURISE_EMPTY_LIGAND'
  | 'FEATURISE_EMPTY_POCKET'
  | 'FEATURISE_LIGAND_FAR'
  | 'FEATURISE_SANITIZE_POCKET'
  | 'FEATURISE_SANITIZE_LIGAND'
  | 'FEATURISE_CROWDED';

/**
 * A complex cannot be featurised. For sanitisation failures (where the original pipeline's RDKit returned `None`
 * and the complex was dropped) `details` names the atom: `{ molecule, index, serial?, name, resName, resSeq, chain }`.
 */
export class FeaturiseError extends CompassError {
  declare readonly code: FeaturiseErrorCode;

  constructor(code: FeaturiseErrorCode, message: string, options: CompassErrorOptions = {}) {
    super(code, message, options);
  }
}

/** True when `e` is a {@link FeaturiseError} (checked by code prefix, safe across ESM and CJS copies). */
export function isFeaturiseError(e: unknown): e is FeaturiseError {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && code.startsWith('FEATURISE_');
}
