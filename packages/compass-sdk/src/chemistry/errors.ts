/** Typed errors of chemistry perception: RDKit's sanitisation failures, each naming the atom it stopped at. */
import { CompassError, type CompassErrorOptions } from '../errors.js';

/** Codes of perception failures. */
export type ChemistryErrorCode =
  'CHEM_VALENCE' | 'CHEM_AROMATIC_VALENCE' | 'CHEM_HYDROGEN_CHARGE' | 'CHEM_CROWDED';

/**
 * A molecule fails sanitisation as RDKit 2022.09 fails it (RDKit would return `None` from `MolFromPDBFile`).
 * `details.atom` is the 0-based atom index in the graph perceived.
 */
export class ChemistryError extends CompassError {
  declare readonly code: ChemistryErrorCode;

  constructor(code: ChemistryErrorCode, message: string, atom: number, options: CompassErrorOptions = {}) {
    super(code, message, { ...options, details: { atom, ...options.details } });
  }

  /** The 0-based index of the atom sanitisation stopped at. */
  get atom(): number {
    return this.details?.['atom'] as number;
  }
}

/** True when `e` is a {@link ChemistryError} (checked by code prefix, safe across ESM and CJS copies). */
export function isChemistryError(e: unknown): e is ChemistryError {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && code.startsWith('CHEM_');
}
