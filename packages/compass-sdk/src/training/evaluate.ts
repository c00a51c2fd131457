/** Scores a saved model package on a dataset: pooled and per-target metrics, and every prediction. */
import type { Dataset } from '../datasets/item.js';
import { paramInput } from '../graph/programs.js';
import { compassBatchFeeds } from '../model/feeds.js';
import { loadModelPackage, visnetHyperParams } from '../model-package/load.js';
import { createLocalSession } from '../runtime/session.js';
import { featuriseItems } from './featurise-dataset.js';
import { regressionMetrics, type RegressionMetrics } from './metrics.js';

/** One scored item. */
export interface EvaluatedItem {
  readonly id: string;
  readonly target: string;
  readonly label: number;
  readonly pK: number;
}

/** What {@link evaluateModelPackage} returns. */
export interface ModelEvaluation {
  readonly modelId: string;
  readonly pooled: RegressionMetrics;
  /** Metrics per target (protein), for congeneric series where ranking within a series is what matters. */
  readonly perTarget: Readonly<Record<string, RegressionMetrics>>;
  readonly items: readonly EvaluatedItem[];
  /** Items that could not be prepared, with the reason. */
  readonly skipped: readonly string[];
}

/** Metrics per target of scored items. */
export function metricsByTarget(items: readonly EvaluatedItem[]): Record<string, RegressionMetrics> {
  const groups = new Map<string, EvaluatedItem[]>();
  for (const i of items) groups.set(i.target, [...(groups.get(i.target) ?? []), i]);
  return Object.fromEntries(
    [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([t, xs]) => [
        t,
        regressionMetrics(
          xs.map((x) => x.pK),
          xs.map((x) => x.label),
        ),
      ]),
  );
}

/**
 * Predicts every labelled item of `dataset` with the package in `modelDir` (prepared exactly as in training) and
 * scores the predictions.
 *
 * @example
 * const ev = await evaluateModelPackage('runs/a/model', await openDatasetDir('data/'));
 * console.log(ev.pooled.pearson, ev.perTarget.tyk2?.spearman);
 * @throws {ModelPackageError} when the package cannot be loaded.
 */
export async function evaluateModelPackage(
  modelDir: string,
  dataset: Dataset,
  opts: { batchSize?: number; threads?: number } = {},
): Promise<ModelEvaluation> {
  const pkg = await loadModelPackage(modelDir);
  const hp = visnetHyperParams(pkg);
  const labelled = dataset.items.filter((i) => i.label && Number.isFinite(i.label.pK));
  const f = await featuriseItems(labelled, hp);
  const session = await createLocalSession(pkg.onnx, { intraOpThreads: opts.threads ?? 1 });
  const params = Object.fromEntries(Object.entries(pkg.params).map(([k, v]) => [paramInput(k), v]));
  const bs = opts.batchSize ?? 16;
  const { mean, std } = pkg.card.target;
  const items: EvaluatedItem[] = [];
  try {
    for (let b = 0; b < f.items.length; b += bs) {
      const out = await session.run({ ...params, ...compassBatchFeeds(f.features.slice(b, b + bs), hp) });
      (out['pred.y']!.data as Float32Array).forEach((v, k) => {
        const it = f.items[b + k]!;
        items.push({ id: it.id, target: it.target, label: it.label!.pK, pK: v * std + mean });
      });
    }
  } finally {
    await session.release();
  }
  return {
    modelId: pkg.card.id,
    pooled: regressionMetrics(
      items.map((i) => i.pK),
      items.map((i) => i.label),
    ),
    perTarget: metricsByTarget(items),
    items,
    skipped: f.diagnostics.map((d) => d.message),
  };
}
