/** A trained tree ensemble (random forest or gradient boosting) in memory: prediction and the spread of its trees. */
import { predictTree, type RegressionTree } from './regression-tree.js';

/** Which trainer produced an ensemble. */
export type TreeEnsembleKind = 'random-forest' | 'gradient-boosting';

/**
 * Trees and how their outputs combine: a random forest averages its trees; gradient boosting adds its trees
 * (leaf values already scaled by the learning rate) to `base`.
 */
export interface TreeEnsemble {
  readonly kind: TreeEnsembleKind;
  readonly featureCount: number;
  /** Gradient boosting's starting value (the weighted mean target); 0 for a forest. */
  readonly base: number;
  readonly trees: readonly RegressionTree[];
}

/** One prediction: the ensemble's value and, for a forest, the standard deviation of its trees' values. */
export interface EnsemblePrediction {
  readonly value: number;
  /** Population standard deviation over the trees (forests); undefined for gradient boosting. */
  readonly spread: number | undefined;
}

/** Predict row `r` of a row-major feature array. */
export function predictEnsembleRow(
  model: TreeEnsemble,
  features: ArrayLike<number>,
  r: number,
): EnsemblePrediction {
  const at = r * model.featureCount;
  const t = model.trees.length;
  if (model.kind === 'gradient-boosting') {
    let s = model.base;
    for (const tree of model.trees) s += predictTree(tree, features, at);
    return { value: s, spread: undefined };
  }
  let s = 0,
    ss = 0;
  for (const tree of model.trees) {
    const v = predictTree(tree, features, at);
    s += v;
    ss += v * v;
  }
  const mean = s / t;
  return { value: mean, spread: Math.sqrt(Math.max(0, ss / t - mean * mean)) };
}

/** Predict every row of a row-major feature array. */
export function predictEnsemble(
  model: TreeEnsemble,
  features: ArrayLike<number>,
): { values: Float64Array; spreads: Float64Array | undefined } {
  const n = features.length / model.featureCount;
  const values = new Float64Array(n);
  const spreads = model.kind === 'random-forest' ? new Float64Array(n) : undefined;
  for (let r = 0; r < n; r++) {
    const p = predictEnsembleRow(model, features, r);
    values[r] = p.value;
    if (spreads) spreads[r] = p.spread!;
  }
  return { values, spreads };
}

/** Total node count over the trees. */
export function ensembleNodeCount(model: TreeEnsemble): number {
  return model.trees.reduce((s, t) => s + t.feature.length, 0);
}
