/** Saving a model package atomically: build the inference program, write files to a temp folder, then rename. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { buildInferenceProgram } from '../graph/programs.js';
import type { CompassHyperParams } from '../model/hyper-params.js';
import { createCompassModelDef } from '../model/visnet.js';
import { checkParams, encodeParams } from '../params/safetensors.js';
import type { TensorMap } from '../runtime/host-tensor.js';
import { FEATURISER_VERSION } from '../structure/featurise.js';
import { MODEL_CARD_VERSION, MODEL_FILES, type ModelCard, modelCardSchema } from './card.js';
import { ModelPackageError } from './errors.js';

/** What {@link saveModelPackage} needs: the model itself and the card fields it cannot derive. */
export interface SaveModelPackageOptions {
  readonly hyperParams: CompassHyperParams;
  /** float32 parameters of `createCompassModelDef(hyperParams)`. */
  readonly params: TensorMap;
  readonly name: string;
  readonly description?: string;
  readonly license?: string;
  /** Mean and standard deviation of the training targets (pK), to undo the standardisation. */
  readonly target: { readonly mean: number; readonly std: number };
  readonly training?: ModelCard['training'];
  readonly metrics?: ModelCard['metrics'];
  /** Default ['cpu']. */
  readonly providersTested?: readonly string[];
  /** Default now. */
  readonly createdAt?: Date | string;
}

const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

/** Content id of a package: hash of its architecture, featuriser, target scaling and file checksums. */
export function modelPackageId(
  card: Pick<ModelCard, 'architecture' | 'featuriser' | 'target' | 'files'>,
): string {
  const files = Object.keys(card.files)
    .sort()
    .map((k) => `${k}=${card.files[k]}`);
  const body = JSON.stringify([
    card.architecture,
    card.featuriser.version,
    card.target.mean,
    card.target.std,
    files,
  ]);
  return `compass-${sha(body).slice(0, 12)}`;
}

/**
 * Write a model package to `dir`: `inference.onnx` (built from the hyper-parameters), `params.safetensors` and
 * `model.json`. Files go to a temporary sibling folder that is then renamed into place, so a reader sees the old
 * package or the new one, never a mix. Returns the card written.
 *
 * @example
 * const card = await saveModelPackage('models/my-model', { hyperParams: hp, params, name: 'my-model',
 *   target: { mean: 6.4, std: 1.8 }, training: { datasets: [], epochs: 10 }, metrics: {} });
 * @throws {ModelPackageError} MODEL_PACKAGE_BAD_PARAMS when the parameters do not fit the hyper-parameters,
 *   MODEL_PACKAGE_BAD_CARD when a card field is invalid.
 */
export async function saveModelPackage(dir: string, opts: SaveModelPackageOptions): Promise<ModelCard> {
  const model = createCompassModelDef(opts.hyperParams);
  try {
    checkParams(opts.params, model.params);
  } catch (e) {
    throw new ModelPackageError(
      'MODEL_PACKAGE_BAD_PARAMS',
      `parameters do not fit the model: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  const onnx = buildInferenceProgram(model).onnx;
  const params = encodeParams(opts.params, { featuriser: FEATURISER_VERSION });
  const files = { [MODEL_FILES.onnx]: sha(onnx), [MODEL_FILES.params]: sha(params) };
  const draft = {
    schemaVersion: MODEL_CARD_VERSION,
    id: '',
    name: opts.name,
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    ...(opts.license !== undefined ? { license: opts.license } : {}),
    createdAt: new Date(opts.createdAt ?? Date.now()).toISOString(),
    architecture: { name: 'visnet' as const, hyperParams: opts.hyperParams },
    featuriser: { version: FEATURISER_VERSION },
    target: { mean: opts.target.mean, std: opts.target.std, unit: 'pK' as const },
    training: opts.training ?? { datasets: [], epochs: 0 },
    metrics: opts.metrics ?? {},
    files,
    providersTested: [...(opts.providersTested ?? ['cpu'])],
  };
  const parsed = modelCardSchema.safeParse({ ...draft, id: modelPackageId(draft) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    throw new ModelPackageError('MODEL_PACKAGE_BAD_CARD', `model card field ${field}: ${issue.message}`, {
      details: { field },
    });
  }
  const card = parsed.data;
  await mkdir(dirname(dir), { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${tag}`);
  const old = join(dirname(dir), `.${basename(dir)}.old-${tag}`);
  try {
    await mkdir(tmp);
    await writeFile(join(tmp, MODEL_FILES.onnx), onnx);
    await writeFile(join(tmp, MODEL_FILES.params), params);
    await writeFile(join(tmp, MODEL_FILES.card), `${JSON.stringify(card, null, 2)}\n`);
    // rename() cannot replace a non-empty folder: move the old package aside first, then drop it.
    const exists = await stat(dir).then(
      () => true,
      () => false,
    );
    if (exists) await rename(dir, old);
    await rename(tmp, dir);
    if (exists) await rm(old, { recursive: true, force: true });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return card;
}
