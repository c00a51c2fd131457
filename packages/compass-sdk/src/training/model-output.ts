/** Saves the trained model as a model package (stand-in until the model-package area lands). */
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildInferenceProgram } from '../graph/programs.js';
import { createCompassModelDef } from '../model/visnet.js';
import type { CompassHyperParams } from '../model/hyper-params.js';
import { encodeParams } from '../params/safetensors.js';
import type { TensorMap } from '../runtime/host-tensor.js';
import { FEATURISER_VERSION } from '../structure/featurise.js';
import type { RegressionMetrics } from './metrics.js';

/** What the training run knows about the model it saves. */
export interface TrainedModelInfo {
  readonly name: string;
  readonly hyperParams: CompassHyperParams;
  readonly params: TensorMap;
  readonly target: { readonly mean: number; readonly std: number };
  readonly datasets: readonly { name: string; count: number; contentHash: string }[];
  readonly epochs: number;
  readonly training: Readonly<Record<string, unknown>>;
  readonly metrics: { validation?: RegressionMetrics; test?: RegressionMetrics; train?: RegressionMetrics };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Writes `dir` atomically (temporary folder, then rename): model.json, inference.onnx, params.safetensors. */
export async function saveTrainedModel(dir: string, info: TrainedModelInfo): Promise<string> {
  const onnx = buildInferenceProgram(createCompassModelDef(info.hyperParams)).onnx;
  const params = encodeParams(info.params);
  const files = { 'inference.onnx': sha(onnx), 'params.safetensors': sha(params) };
  const card = {
    id: `compass-${sha(Buffer.from(files['params.safetensors'] + files['inference.onnx'])).slice(0, 12)}`,
    name: info.name,
    createdAt: new Date().toISOString(),
    architecture: { name: 'visnet', hyperParams: info.hyperParams },
    featuriser: { version: FEATURISER_VERSION },
    target: { ...info.target, unit: 'pK' },
    training: { datasets: info.datasets, epochs: info.epochs, ...info.training },
    metrics: info.metrics,
    files,
    providersTested: ['cpu'],
  };
  await mkdir(dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp);
  await writeFile(join(tmp, 'inference.onnx'), onnx);
  await writeFile(join(tmp, 'params.safetensors'), params);
  await writeFile(join(tmp, 'model.json'), JSON.stringify(card, null, 2) + '\n');
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return dir;
}
