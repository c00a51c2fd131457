/** Saving a model package atomically: program, parameters and card to a temp folder, then renamed into place. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { buildInferenceProgram, type Program } from '../graph/programs.js';
import type { CompassHyperParams } from '../model/hyper-params.js';
import { createCompassModelDef } from '../model/visnet.js';
import { checkParams, encodeParams } from '../params/safetensors.js';
import type { TensorMap } from '../runtime/host-tensor.js';
import { MODEL_CARD_VERSION, MODEL_FILES, type ModelCard, modelCardSchema } from './card.js';
import { ARCHITECTURES } from './architectures.js';
import { ModelPackageError } from './errors.js';

/** What {@link saveModelPackage} needs: the model itself and the card fields it cannot derive. */
export interface SaveModelPackageOptions {
  readonly hyperParams: CompassHyperParams;
  /** float32 parameters of `createCompassModelDef(hyperParams)`. */
  readonly params: TensorMap;
  /**
   * The inference program of `createCompassModelDef(hyperParams)` when the caller has built it already (a
   * training run scores with it); built here otherwise.
   */
  readonly program?: Program;
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

/** The card fields a caller writes; `id`, `files`, `schemaVersion` and `featuriser` are filled in on save. */
export type ModelCardDraft = Omit<
  ModelCard,
  'id' | 'files' | 'schemaVersion' | 'featuriser' | 'createdAt' | 'providersTested'
> & {
  readonly createdAt?: Date | string;
  readonly providersTested?: readonly string[];
};

/**
 * Write a model package of any architecture to `dir`: the program, the parameters and the card (with the
 * architecture's featuriser version, file checksums and content id). Files go to a temporary sibling folder that
 * is then renamed into place, so a reader sees the old package or the new one, never a mix. Returns the card.
 *
 * @example
 * const card = await writeModelPackage('models/gign', { card: { name: 'gign', architecture, target: { mean: 0,
 *   std: 1, unit: 'pK' }, training: { datasets: [], epochs: 0 }, metrics: {} }, onnx, params });
 * @throws {ModelPackageError} MODEL_PACKAGE_BAD_PARAMS when the parameters do not fit the architecture,
 *   MODEL_PACKAGE_BAD_CARD when a card field is invalid.
 */
export async function writeModelPackage(
  dir: string,
  opts: { readonly card: ModelCardDraft; readonly onnx: Uint8Array; readonly params: TensorMap },
): Promise<ModelCard> {
  const arch = ARCHITECTURES[opts.card.architecture.name];
  try {
    checkParams(opts.params, arch.paramSpecs(opts.card.architecture));
  } catch (e) {
    throw new ModelPackageError(
      'MODEL_PACKAGE_BAD_PARAMS',
      `parameters do not fit the model: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const params = encodeParams(opts.params, { featuriser: arch.featuriserVersion });
  const files = { [MODEL_FILES.onnx]: sha(opts.onnx), [MODEL_FILES.params]: sha(params) };
  const { createdAt, providersTested, ...rest } = opts.card;
  const draft = {
    ...rest,
    schemaVersion: MODEL_CARD_VERSION,
    id: '',
    createdAt: new Date(createdAt ?? Date.now()).toISOString(),
    featuriser: { version: arch.featuriserVersion },
    files,
    providersTested: [...(providersTested ?? ['cpu'])],
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
  await writeFolderAtomically(dir, {
    [MODEL_FILES.onnx]: opts.onnx,
    [MODEL_FILES.params]: params,
    [MODEL_FILES.card]: `${JSON.stringify(card, null, 2)}\n`,
  });
  return card;
}

/** Write `files` into a temporary sibling of `dir`, then swap it into place (the old folder, if any, is dropped). */
async function writeFolderAtomically(
  dir: string,
  files: Readonly<Record<string, Uint8Array | string>>,
): Promise<void> {
  await mkdir(dirname(dir), { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${tag}`);
  const old = join(dirname(dir), `.${basename(dir)}.old-${tag}`);
  try {
    await mkdir(tmp);
    for (const [name, body] of Object.entries(files)) await writeFile(join(tmp, name), body);
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
}

/** The ONNX bytes of `program`, checked to be an inference program over exactly the parameters' names. */
function inferenceOnnx(program: Program, params: TensorMap): Uint8Array {
  const want = [...program.paramNames].sort().join(',');
  const got = Object.keys(params).sort().join(',');
  if (program.kind !== 'inference' || want !== got)
    throw new ModelPackageError(
      'MODEL_PACKAGE_BAD_PARAMS',
      `program does not fit the parameters: a ${program.kind} program over ${program.paramNames.length} ` +
        `parameters, ${Object.keys(params).length} given`,
      { details: { field: 'program', kind: program.kind } },
    );
  return program.onnx;
}

/**
 * Write a COMPASS ViSNet package to `dir`: `inference.onnx` (`opts.program`'s, else built from the
 * hyper-parameters), `params.safetensors` and `model.json`, atomically (see {@link writeModelPackage}). Returns the card written.
 *
 * @example
 * const card = await saveModelPackage('models/my-model', { hyperParams: hp, params, name: 'my-model',
 *   target: { mean: 6.4, std: 1.8 }, training: { datasets: [], epochs: 10 }, metrics: {} });
 * @throws {ModelPackageError} MODEL_PACKAGE_BAD_PARAMS when the parameters do not fit the hyper-parameters,
 *   MODEL_PACKAGE_BAD_CARD when a card field is invalid.
 */
export async function saveModelPackage(dir: string, opts: SaveModelPackageOptions): Promise<ModelCard> {
  const onnx = opts.program
    ? inferenceOnnx(opts.program, opts.params)
    : buildInferenceProgram(createCompassModelDef(opts.hyperParams)).onnx;
  return writeModelPackage(dir, {
    onnx,
    params: opts.params,
    card: {
      name: opts.name,
      ...(opts.description !== undefined ? { description: opts.description } : {}),
      ...(opts.license !== undefined ? { license: opts.license } : {}),
      ...(opts.createdAt !== undefined ? { createdAt: opts.createdAt } : {}),
      ...(opts.providersTested !== undefined ? { providersTested: opts.providersTested } : {}),
      architecture: { name: 'visnet', hyperParams: opts.hyperParams },
      target: { mean: opts.target.mean, std: opts.target.std, unit: 'pK' },
      training: opts.training ?? { datasets: [], epochs: 0 },
      metrics: opts.metrics ?? {},
    },
  });
}
