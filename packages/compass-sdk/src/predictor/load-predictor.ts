/** One entry point for any model package: the predictor its card's architecture needs. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_FILES, type ModelCard } from '../model-package/card.js';
import { parseModelCard } from '../model-package/load.js';
import { ModelPackageError } from '../model-package/errors.js';
import { RfScorePredictor } from '../rfscore/predictor.js';
import { CompassPredictor, type CompassPredictorOptions } from './compass-predictor.js';

/** A predictor of a model package: GIGN and ViSNet through {@link CompassPredictor}, RF-Score through its own. */
export type PackagePredictor = CompassPredictor | RfScorePredictor;

/**
 * Load the package in `dir` with the predictor its architecture needs (both validate the package in full).
 *
 * @example
 * const p = await loadPredictor('packages/compass-sdk/models/rf-score');
 * const { pK, uncertainty } = await p.predict({ protein, ligand });
 * @throws {ModelPackageError} when the folder holds no readable card, or the package is invalid.
 */
export async function loadPredictor(
  dir: string,
  opts: CompassPredictorOptions = {},
): Promise<PackagePredictor> {
  let text: string;
  try {
    text = await readFile(join(dir, MODEL_FILES.card), 'utf8');
  } catch (e) {
    throw new ModelPackageError(
      'MODEL_PACKAGE_NOT_FOUND',
      `no model package at ${dir} (no readable model.json)`,
      {
        cause: e,
        details: { dir },
      },
    );
  }
  const card = parseModelCard(text, join(dir, MODEL_FILES.card));
  if (card.architecture.name === 'rf-score') {
    const { provider: _provider, worker: _worker, ...rest } = opts;
    return RfScorePredictor.load(dir, rest);
  }
  return CompassPredictor.load(dir, opts);
}

/** Whether a package's predictions carry an uncertainty: a GIGN ensemble (its members' SD) or a forest (its trees' SD). */
export function cardReportsUncertainty(card: Pick<ModelCard, 'architecture'>): boolean {
  const a = card.architecture;
  return a.name === 'gign' ? a.hyperParams.members > 1 : a.name === 'rf-score' ? a.uncertainty : false;
}

/** Whether the predictor reports an uncertainty (see {@link cardReportsUncertainty}). */
export function reportsUncertainty(p: PackagePredictor): boolean {
  return cardReportsUncertainty(p.card);
}
