/** Predictions (pK) of featurised complexes with an inference session, in batches. */
import type { CompassHyperParams } from '../model/hyper-params.js';
import { compassBatchFeeds } from '../model/feeds.js';
import type { TensorMap } from '../runtime/host-tensor.js';
import type { ModelSession } from '../runtime/session.js';
import type { FeaturisedComplex } from '../structure/featurise.js';

/**
 * Predicts every complex of `features` with `session` and the parameter feeds `params`, `batchSize` at a time,
 * undoing the target standardisation. With `feedCache` the batch feeds are built once and reused (the validation
 * set is scored every epoch).
 */
export async function predictFeatures(
  session: ModelSession,
  params: TensorMap,
  features: readonly FeaturisedComplex[],
  hp: CompassHyperParams,
  batchSize: number,
  target: { readonly mean: number; readonly std: number },
  feedCache?: Map<number, TensorMap>,
): Promise<number[]> {
  const out: number[] = [];
  for (let b = 0, k = 0; b < features.length; b += batchSize, k++) {
    let feeds = feedCache?.get(k);
    if (!feeds) {
      feeds = compassBatchFeeds(features.slice(b, b + batchSize), hp);
      feedCache?.set(k, feeds);
    }
    const r = await session.run({ ...params, ...feeds });
    for (const v of r['pred.y']!.data as Float32Array) out.push(v * target.std + target.mean);
  }
  return out;
}
