/**
 * The cross-architecture ensemble measured in `npm run evaluate -- finetune`: a GIGN package and an RF-Score package
 * through {@link EnsemblePredictor} with fixed weights, `pK = (1 - w) GIGN + w RF-Score`. The weights were chosen
 * on dev splits only (never on the held-out halves) by the mean per-series Pearson over 35 FEP series.
 */
import { dirname, join } from 'node:path';
import { bundledModelDir } from '../model-package/bundled.js';
import { EnsemblePredictor, type EnsembleOptions } from './ensemble-predictor.js';

/**
 * RF-Score's weight in the blend. `zeroShot`: the bundled GIGN ensemble with the bundled RF-Score (dev: the
 * series' fine-tuning halves, mean Pearson 0.39 against 0.38 for GIGN alone and 0.22 for RF-Score alone).
 * `fineTuned`: a GIGN fine-tuned on a series with RF-Score refitted on the same rows (dev: inner splits of the
 * fine-tuning halves, 0.53 against 0.47 and 0.39).
 */
export const GIGN_RFSCORE_WEIGHTS = { zeroShot: 0.2, fineTuned: 0.4 } as const;

/** Options of {@link loadGignRfScoreEnsemble}. */
export interface GignRfScoreEnsembleOptions extends Omit<EnsembleOptions, 'weights'> {
  /** GIGN package folder (default: the bundled GIGN ensemble). */
  readonly gign?: string;
  /** RF-Score package folder (default: the bundled `rf-score`). */
  readonly rfScore?: string;
  /**
   * RF-Score's weight (default GIGN_RFSCORE_WEIGHTS.zeroShot, for the bundled pair; pass .fineTuned for a
   * fine-tuned GIGN with an RF-Score refitted on the same rows).
   */
  readonly rfWeight?: number;
}

/**
 * Load a GIGN package and an RF-Score package as one predictor with fixed weights; `details.members` gives both
 * members' pK and weight.
 *
 * @example
 * const ens = await loadGignRfScoreEnsemble();
 * const { pK, uncertainty } = await ens.predict({ protein, ligand });
 * @throws {ModelPackageError} when a package is missing or invalid; {@link PredictorError} for a bad weight.
 */
export async function loadGignRfScoreEnsemble(
  opts: GignRfScoreEnsembleOptions = {},
): Promise<EnsemblePredictor> {
  const { gign, rfScore, rfWeight, ...each } = opts;
  const w = rfWeight ?? GIGN_RFSCORE_WEIGHTS.zeroShot;
  const dirs = [gign ?? bundledModelDir(), rfScore ?? join(dirname(bundledModelDir()), 'rf-score')];
  return EnsemblePredictor.load(dirs, { ...each, weights: [1 - w, w] });
}
