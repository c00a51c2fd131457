/** Loading a model package: schema, checksums, featuriser version and parameter shapes, each with a typed error. */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkParams, decodeParams } from '../params/safetensors.js';
import type { TensorMap } from '../runtime/host-tensor.js';
import type { CompassHyperParams } from '../model/hyper-params.js';
import { ARCHITECTURES } from './architectures.js';
import { MODEL_FILES, type ModelCard, modelCardSchema } from './card.js';
import { ModelPackageError } from './errors.js';
import { modelPackageId } from './save.js';

/** A validated model package in memory. */
export interface LoadedModelPackage {
  readonly dir: string;
  readonly card: ModelCard;
  readonly params: TensorMap;
  /** The float32 inference program (`pred.y`: pK, standardised by the card's `target` for ViSNet). */
  readonly onnx: Uint8Array;
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function readPackageFile(dir: string, name: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(join(dir, name)));
  } catch (e) {
    throw new ModelPackageError('MODEL_PACKAGE_MISSING_FILE', `${dir}: cannot read ${name}`, {
      cause: e,
      details: { dir, file: name },
    });
  }
}

function badCard(dir: string, field: string, message: string): ModelPackageError {
  return new ModelPackageError('MODEL_PACKAGE_BAD_CARD', `${dir}/model.json: ${field}: ${message}`, {
    details: { dir, field },
  });
}

/**
 * The ViSNet hyper-parameters of a package, for code that only runs that architecture (its training evaluation).
 *
 * @throws {ModelPackageError} MODEL_PACKAGE_WRONG_ARCHITECTURE when the package holds another architecture.
 */
export function visnetHyperParams(pkg: Pick<LoadedModelPackage, 'dir' | 'card'>): CompassHyperParams {
  const a = pkg.card.architecture;
  if (a.name !== 'visnet')
    throw new ModelPackageError(
      'MODEL_PACKAGE_WRONG_ARCHITECTURE',
      `${pkg.dir}: this needs a COMPASS ViSNet package, the package holds ${a.name}`,
      { details: { dir: pkg.dir, architecture: a.name } },
    );
  return a.hyperParams;
}

/** Parse and validate a card's JSON text; errors name the first bad field. */
export function parseModelCard(text: string, where = 'model.json'): ModelCard {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelPackageError('MODEL_PACKAGE_BAD_CARD', `${where}: not JSON (${(e as Error).message})`, {
      details: { field: '(json)' },
    });
  }
  const r = modelCardSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.join('.') || '(root)';
    throw new ModelPackageError('MODEL_PACKAGE_BAD_CARD', `${where}: ${field}: ${issue.message}`, {
      details: {
        field,
        issues: r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      },
    });
  }
  return r.data;
}

/**
 * Load and validate a model package folder. Checks, in order: the folder exists; `model.json` parses and fits
 * {@link modelCardSchema}; its featuriser version is this featuriser's; each file's SHA-256 matches the card; the
 * id matches the contents; the parameters fit the architecture.
 *
 * @example
 * const pkg = await loadModelPackage(bundledModelDir());
 * console.log(pkg.card.id, pkg.card.metrics.test);
 * @throws {ModelPackageError} MODEL_PACKAGE_NOT_FOUND, MODEL_PACKAGE_MISSING_FILE, MODEL_PACKAGE_BAD_CARD (with
 *   `details.field`), MODEL_PACKAGE_FEATURISER_MISMATCH, MODEL_PACKAGE_CHECKSUM_MISMATCH, MODEL_PACKAGE_BAD_PARAMS.
 */
export async function loadModelPackage(dir: string): Promise<LoadedModelPackage> {
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory())
    throw new ModelPackageError('MODEL_PACKAGE_NOT_FOUND', `no model package folder at ${dir}`, {
      details: { dir },
    });
  const cardBytes = await readPackageFile(dir, MODEL_FILES.card);
  const card = parseModelCard(Buffer.from(cardBytes).toString('utf8'), `${dir}/model.json`);
  const arch = ARCHITECTURES[card.architecture.name];
  if (card.featuriser.version !== arch.featuriserVersion)
    throw new ModelPackageError(
      'MODEL_PACKAGE_FEATURISER_MISMATCH',
      `${dir}: the model was trained with features ${card.featuriser.version}, this version of COMPASS makes ${arch.featuriserVersion}`,
      { details: { dir, expected: card.featuriser.version, actual: arch.featuriserVersion } },
    );
  const contents: Record<string, Uint8Array> = {};
  for (const name of [MODEL_FILES.onnx, MODEL_FILES.params]) {
    const want = card.files[name];
    if (want === undefined) throw badCard(dir, `files.${name}`, 'missing checksum');
    const bytes = await readPackageFile(dir, name);
    const got = sha(bytes);
    if (got !== want)
      throw new ModelPackageError(
        'MODEL_PACKAGE_CHECKSUM_MISMATCH',
        `${dir}/${name}: SHA-256 ${got} does not match the card's ${want} (corrupted or replaced file)`,
        { details: { dir, file: name, expected: want, actual: got } },
      );
    contents[name] = bytes;
  }
  if (card.id !== modelPackageId(card))
    throw badCard(
      dir,
      'id',
      `${card.id} does not match the contents (${modelPackageId(card)}); the card was edited`,
    );
  let params: TensorMap;
  try {
    params = decodeParams(contents[MODEL_FILES.params]!).tensors;
    checkParams(params, arch.paramSpecs(card.architecture));
  } catch (e) {
    throw new ModelPackageError(
      'MODEL_PACKAGE_BAD_PARAMS',
      `${dir}/${MODEL_FILES.params}: ${(e as Error).message}`,
      {
        cause: e,
        details: { dir },
      },
    );
  }
  return { dir, card, params, onnx: contents[MODEL_FILES.onnx]! };
}
