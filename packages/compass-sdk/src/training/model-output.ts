/** Saves the trained model as a model package (card with data summary and metrics) via saveModelPackage. */
import type { Program } from '../graph/programs.js';
import type { CompassHyperParams } from '../model/hyper-params.js';
import { saveModelPackage } from '../model-package/save.js';
import type { TensorMap } from '../runtime/host-tensor.js';
import type { RegressionMetrics } from './metrics.js';

/** What the training run knows about the model it saves. */
export interface TrainedModelInfo {
  readonly name: string;
  readonly description?: string;
  readonly license?: string;
  readonly hyperParams: CompassHyperParams;
  readonly params: TensorMap;
  /** The inference program the run built (saved as is, not rebuilt). */
  readonly program?: Program;
  readonly target: { readonly mean: number; readonly std: number };
  readonly datasets: readonly { name: string; count: number; contentHash: string }[];
  readonly epochs: number;
  readonly training: Readonly<Record<string, unknown>>;
  readonly metrics: { validation?: RegressionMetrics; test?: RegressionMetrics; train?: RegressionMetrics };
}

// The card stores finite numbers only: an undefined correlation (one item, constant predictions) is left out.
function finiteOnly(m: RegressionMetrics | undefined): Record<string, number> | undefined {
  if (!m) return undefined;
  return Object.fromEntries(Object.entries(m).filter(([, v]) => Number.isFinite(v)));
}

/** Writes the package to `dir` atomically and returns `dir`. */
export async function saveTrainedModel(dir: string, info: TrainedModelInfo): Promise<string> {
  const metrics: Record<string, Record<string, number>> = {};
  for (const k of ['train', 'validation', 'test'] as const) {
    const m = finiteOnly(info.metrics[k]);
    if (m) metrics[k] = m;
  }
  await saveModelPackage(dir, {
    name: info.name,
    ...(info.description !== undefined ? { description: info.description } : {}),
    ...(info.license !== undefined ? { license: info.license } : {}),
    hyperParams: info.hyperParams,
    params: info.params,
    ...(info.program ? { program: info.program } : {}),
    target: info.target,
    training: { datasets: [...info.datasets], epochs: info.epochs, ...info.training },
    metrics,
  });
  return dir;
}
