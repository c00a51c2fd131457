/** Predicting pK for already featurised GIGN graphs with any parameters: one session, batched runs. */
import { paramInput } from '../../graph/programs.js';
import type { TensorMap } from '../../runtime/host-tensor.js';
import type { ModelSession } from '../../runtime/session.js';
import { gignBatchFeeds, type GignGraphInput } from './feeds.js';
import type { GignHyperParams } from './hyper-params.js';

/**
 * The model's pK (`pred.y`, the members' mean for an ensemble) for each graph, in order, running `session` (a
 * GIGN inference program, such as a package's `inference.onnx`) with `params` in batches of `batchSize`.
 *
 * @example
 * const session = await createLocalSession(pkg.onnx);
 * const pK = await predictGignGraphs(session, hp, fineTuned, graphs);
 * @throws {ModelError} MODEL_BAD_INPUT for a graph GIGN cannot take.
 */
export async function predictGignGraphs(
  session: ModelSession,
  hp: Pick<GignHyperParams, 'nodeDim'>,
  params: TensorMap,
  graphs: readonly GignGraphInput[],
  batchSize = 16,
): Promise<number[]> {
  const feeds: TensorMap = Object.fromEntries(Object.entries(params).map(([k, t]) => [paramInput(k), t]));
  const out: number[] = [];
  for (let b = 0; b < graphs.length; b += batchSize) {
    const r = await session.run({ ...feeds, ...gignBatchFeeds(graphs.slice(b, b + batchSize), hp) });
    for (const v of r['pred.y']!.data) out.push(Number(v));
  }
  return out;
}
