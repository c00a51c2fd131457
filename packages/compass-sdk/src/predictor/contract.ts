/** The contract every affinity predictor meets (the COMPASS model, the Vina fallback), so callers can swap them. */
import type { LigandRecord } from '../structure/formats.js';
import type { PdbStructure } from '../structure/pdb/schema.js';

/**
 * One protein-ligand complex to predict: by default a parsed protein (PDB/PDBQT) and one parsed ligand record
 * (SDF, MOL2...), so a structure-layer `Complex` can be passed as it is.
 */
export interface ComplexInput<Protein = PdbStructure, Ligand = LigandRecord> {
  readonly protein: Protein;
  readonly ligand: Ligand;
  /** Caller's label, echoed back in the prediction. */
  readonly id?: string;
}

/** A predicted binding affinity. */
export interface AffinityPrediction {
  /** Predicted pK = -log10(Kd or Ki in M). */
  readonly pK: number;
  /** The same as a binding free energy, kcal/mol at 298 K (dG = -1.364 pK), when the predictor works in energies. */
  readonly kcalPerMol?: number;
  /** Standard deviation of the prediction in pK units, when the predictor estimates one. */
  readonly uncertainty?: number;
  /** Which predictor produced the value, for example `'vina-1.2'` or `'compass'`. */
  readonly model: string;
  /** The input's `id`, when it had one. */
  readonly id?: string;
  /** Anything odd about the input that the predictor worked around (missing hydrogens, unknown elements). */
  readonly warnings: readonly string[];
  /** Predictor-specific detail, for example Vina's per-term energies. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Options common to every prediction call. */
export interface PredictOptions {
  /** Abandon the call; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * A binding-affinity predictor. Implementations: the COMPASS model (onnxruntime) and the built-in
 * {@link VinaPredictor}, which needs no model file, no GPU and no network and so serves as the fallback.
 * `predictBatch` returns predictions in input order; a predictor may share work across inputs that use the same
 * protein object (Vina prepares each receptor once).
 *
 * @example
 * const predictor: AffinityPredictor = new VinaPredictor();
 * const protein = parsePdb(readFileSync('pocket.pdb'));
 * const ligand = parseSdf(readFileSync('pose.sdf')).records[0]!;
 * const { pK, kcalPerMol, model } = await predictor.predict({ protein, ligand });
 */
export interface AffinityPredictor<Protein = PdbStructure, Ligand = LigandRecord> {
  /** Stable name of the model, as reported in {@link AffinityPrediction.model}. */
  readonly name: string;
  /** Predict one complex. */
  predict(input: ComplexInput<Protein, Ligand>, options?: PredictOptions): Promise<AffinityPrediction>;
  /** Predict many complexes, in input order. */
  predictBatch(
    inputs: readonly ComplexInput<Protein, Ligand>[],
    options?: PredictOptions,
  ): Promise<AffinityPrediction[]>;
}

// kcal/mol per pK unit at 298 K: RT ln 10
const KCAL_PER_PK = 1.364;

/** pK from a binding free energy in kcal/mol (298 K). */
export function pKFromKcal(kcalPerMol: number): number {
  return -kcalPerMol / KCAL_PER_PK;
}
