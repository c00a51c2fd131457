/**
 * Fine-tuning a tree ensemble, the way trees allow it: train again on the general rows plus a lab's own rows,
 * weighted up so that a few dozen measured compounds of a series count against thousands of PDBbind complexes.
 */
import { RfScoreError } from './errors.js';
import type { TreeTrainingSet } from './tree-data.js';
import { trainTreeEnsemble, type TreeTrainingResult, type TreeTrainingRun } from './train-ensemble.js';
import type { TreeEnsembleOptionsInput } from './train-options.js';

/** Options of {@link refitTreeEnsemble}. */
export interface RefitOptions {
  /** The trainer options of the refit (usually the base package's `architecture.options`). */
  readonly options: TreeEnsembleOptionsInput;
  /**
   * Weight of each of the user's rows relative to a general row (default: so that the user's rows weigh as much
   * as the general rows together, `general / user`).
   */
  readonly weight?: number;
}

/** The two sets joined into one, the user's rows weighted by `weight`. */
export function joinWeighted(
  general: TreeTrainingSet,
  own: TreeTrainingSet,
  weight: number,
): TreeTrainingSet {
  if (general.featureCount !== own.featureCount)
    throw new RfScoreError(
      'RFSCORE_BAD_INPUT',
      `the user's rows have ${own.featureCount} features, the general rows ${general.featureCount}`,
    );
  if (!(weight >= 0) || !Number.isFinite(weight))
    throw new RfScoreError('RFSCORE_BAD_OPTIONS', `option weight: ${weight} must be finite and >= 0`, {
      details: { field: 'weight' },
    });
  const ng = general.targets.length,
    no = own.targets.length;
  const features = new Float64Array((ng + no) * general.featureCount);
  features.set(Array.from(general.features));
  features.set(Array.from(own.features), ng * general.featureCount);
  const targets = new Float64Array(ng + no);
  targets.set(Array.from(general.targets));
  targets.set(Array.from(own.targets), ng);
  const weights = new Float64Array(ng + no);
  for (let i = 0; i < ng; i++) weights[i] = general.weights?.[i] ?? 1;
  for (let i = 0; i < no; i++) weights[ng + i] = (own.weights?.[i] ?? 1) * weight;
  return { features, targets, weights, featureCount: general.featureCount };
}

/**
 * Train a new ensemble on `general` plus `own` (weighted). The result replaces the base model; nothing of the old
 * trees is kept, which is what a forest's refit means.
 *
 * @example
 * const r = await refitTreeEnsemble(gignTrain, labRows, { options: card.architecture.options, weight: 50 });
 * @throws {RfScoreError} RFSCORE_BAD_INPUT when the feature counts differ, RFSCORE_BAD_OPTIONS for a bad weight.
 */
export async function refitTreeEnsemble(
  general: TreeTrainingSet,
  own: TreeTrainingSet,
  o: RefitOptions,
  run: TreeTrainingRun = {},
): Promise<TreeTrainingResult> {
  if (own.targets.length === 0)
    throw new RfScoreError('RFSCORE_BAD_INPUT', 'no rows of your own to refit with');
  const weight = o.weight ?? general.targets.length / own.targets.length;
  return trainTreeEnsemble(joinWeighted(general, own, weight), o.options, run);
}
