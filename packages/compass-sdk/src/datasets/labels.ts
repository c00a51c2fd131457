/** Affinity labels: binding strings (Kd=49uM), free energies and assay values into pK, keeping type and relation. */
import { DatasetError } from './errors.js';

/** The measured quantity a label came from. */
export type MeasurementType = 'Kd' | 'Ki' | 'IC50' | 'EC50' | 'dG' | 'pIC50';

/** The relation written in the source ("IC50<10nM" is '<'); pK is computed from the value either way. */
export type Relation = '=' | '<' | '<=' | '>' | '>=' | '~';

/** A label in pK (-log10 of the molar value), with where it came from. */
export interface AffinityLabel {
  readonly pK: number;
  readonly type: MeasurementType;
  readonly relation: Relation;
  /** The text or value it was computed from, for reports. */
  readonly raw: string;
}

/** Molar factor of concentration units (the original's table, plus M). */
export const MOLAR_UNITS: Readonly<Record<string, number>> = {
  M: 1,
  mM: 1e-3,
  uM: 1e-6,
  nM: 1e-9,
  pM: 1e-12,
  fM: 1e-15,
};

/** RT ln(10) at 298 K in kcal/mol: pK = -dG / 1.364. */
export const KCAL_PER_PK = 1.364;
/** kJ per kcal. */
export const KJ_PER_KCAL = 4.184;

const BINDING =
  /^(Kd|Ki|IC50|EC50)\s*(<=|>=|=|<|>|~)\s*([0-9]*\.?[0-9]+(?:[eE][-+]?\d+)?)\s*(fM|pM|nM|uM|mM|M)$/;

/**
 * Parse a PDBbind binding string such as `Kd=49uM`, `Ki=0.43uM`, `IC50<10nM`, `Kd~5mM` into pK = -log10(M).
 *
 * @throws {DatasetError} DATASET_BAD_LABEL naming the string when it does not match.
 */
export function parseBindingString(s: string): AffinityLabel {
  const m = BINDING.exec(s.trim());
  if (!m)
    throw new DatasetError(
      'DATASET_BAD_LABEL',
      `cannot read binding data "${s}" (expected e.g. Kd=49uM, IC50<10nM)`,
    );
  const value = Number(m[3]) * MOLAR_UNITS[m[4]!]!;
  if (!(value > 0)) throw new DatasetError('DATASET_BAD_LABEL', `binding value in "${s}" must be positive`);
  return { pK: -Math.log10(value), type: m[1] as MeasurementType, relation: m[2] as Relation, raw: s.trim() };
}

/** pK from a binding free energy in kcal/mol (298 K): pK = -dG / 1.364. */
export function pKFromDeltaG(dGKcal: number): number {
  return -dGKcal / KCAL_PER_PK;
}

/** Energy units seen in dataset files, as kcal per unit. */
const ENERGY_UNITS: Readonly<Record<string, number>> = {
  'kcal/mol': 1,
  'kcal / mol': 1,
  'kilocalories / mole': 1,
  'kilocalorie / mole': 1,
  'kj/mol': 1 / KJ_PER_KCAL,
  'kilojoules / mole': 1 / KJ_PER_KCAL,
  'kilojoules / mol': 1 / KJ_PER_KCAL,
  'kilojoule / mole': 1 / KJ_PER_KCAL,
};

/** Concentration unit spellings seen in dataset files. */
function molarFactor(unit: string): number | undefined {
  const u = unit.trim().replace('µ', 'u').replace('μ', 'u');
  if (u in MOLAR_UNITS) return MOLAR_UNITS[u];
  const words: Record<string, number> = {
    molar: 1,
    millimolar: 1e-3,
    micromolar: 1e-6,
    nanomolar: 1e-9,
    picomolar: 1e-12,
  };
  return words[u.toLowerCase()];
}

/**
 * pK from one measurement `{type, value, unit}` as the OpenFF benchmark writes them: ki / ic50 / kd in a
 * concentration unit, dg in kcal or kJ per mol, pic50 / pki as-is.
 *
 * @throws {DatasetError} DATASET_BAD_LABEL for an unknown type or unit, or a non-positive concentration.
 */
export function labelFromMeasurement(type: string, value: number, unit: string): AffinityLabel {
  const t = type.toLowerCase();
  const raw = `${type} ${value} ${unit}`.trim();
  if (!Number.isFinite(value))
    throw new DatasetError('DATASET_BAD_LABEL', `measurement "${raw}" has no numeric value`);
  if (t === 'pic50' || t === 'pki' || t === 'pkd') return { pK: value, type: 'pIC50', relation: '=', raw };
  if (t === 'dg') {
    const f = ENERGY_UNITS[unit.trim().toLowerCase()];
    if (f === undefined)
      throw new DatasetError('DATASET_BAD_LABEL', `unknown energy unit "${unit}" in "${raw}"`);
    return { pK: pKFromDeltaG(value * f), type: 'dG', relation: '=', raw };
  }
  const kinds: Record<string, MeasurementType> = { ki: 'Ki', kd: 'Kd', ic50: 'IC50', ec50: 'EC50' };
  const kind = kinds[t];
  if (kind === undefined)
    throw new DatasetError(
      'DATASET_BAD_LABEL',
      `measurement type "${type}" is not an affinity (expected ki, kd, ic50, dg, pic50)`,
    );
  const f = molarFactor(unit);
  if (f === undefined)
    throw new DatasetError('DATASET_BAD_LABEL', `unknown concentration unit "${unit}" in "${raw}"`);
  if (!(value > 0)) throw new DatasetError('DATASET_BAD_LABEL', `concentration in "${raw}" must be positive`);
  return { pK: -Math.log10(value * f), type: kind, relation: '=', raw };
}
