/**
 * RF-Score model packages: `model.json` (the card), `inference.onnx` (the tree ensemble) and an empty
 * `params.safetensors` (the trees live in the program), written atomically and loaded with checksum checks.
 *
 * Until the card's architecture union in model-package/card.ts lists `rf-score`, this module validates cards with
 * {@link rfScoreCardSchema} (the project's card schema with this architecture) and writes the same files that
 * `writeModelPackage` writes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';
import { MODEL_CARD_VERSION, MODEL_FILES, modelCardSchema } from '../model-package/card.js';
import { ModelPackageError } from '../model-package/errors.js';
import { modelPackageId } from '../model-package/save.js';
import { encodeParams } from '../params/safetensors.js';
import { rfScoreArchitectureSchema, type RfScoreArchitecture } from './architecture.js';
import { RFSCORE_FEATURES_VERSION } from './features.js';
import { encodeTreeEnsembleOnnx } from './onnx-export.js';
import type { TreeEnsembleOptions } from './train-options.js';
import { ensembleNodeCount, type TreeEnsemble } from './tree-ensemble.js';

/** The project's card schema with the RF-Score architecture. */
export const rfScoreCardSchema = modelCardSchema.extend({ architecture: rfScoreArchitectureSchema });

/** A card of an RF-Score package. */
export type RfScoreCard = z.infer<typeof rfScoreCardSchema>;

/** What {@link saveRfScorePackage} needs besides the model. */
export interface SaveRfScoreOptions {
  readonly model: TreeEnsemble;
  readonly options: TreeEnsembleOptions;
  readonly name: string;
  readonly description?: string;
  readonly license?: string;
  /** Mean and standard deviation of the training pK (informative: the program outputs pK directly). */
  readonly target: { readonly mean: number; readonly std: number };
  readonly training: RfScoreCard['training'];
  readonly metrics: RfScoreCard['metrics'];
  /** Default now; fix it for byte-identical cards. */
  readonly createdAt?: Date | string;
  readonly providersTested?: readonly string[];
}

/** A loaded RF-Score package. */
export interface LoadedRfScorePackage {
  readonly dir: string;
  readonly card: RfScoreCard;
  readonly onnx: Uint8Array;
}

const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

// The project's content id (it hashes the architecture as JSON); typed for the union card.ts lists today.
const contentId = (card: Pick<RfScoreCard, 'architecture' | 'featuriser' | 'target' | 'files'>): string =>
  modelPackageId(card as unknown as Parameters<typeof modelPackageId>[0]);

/** The architecture entry describing `model`. */
export function rfScoreArchitecture(model: TreeEnsemble, options: TreeEnsembleOptions): RfScoreArchitecture {
  return rfScoreArchitectureSchema.parse({
    name: 'rf-score',
    features: RFSCORE_FEATURES_VERSION,
    kind: model.kind,
    trees: model.trees.length,
    nodes: ensembleNodeCount(model),
    uncertainty: model.kind === 'random-forest',
    options,
  });
}

function badCard(where: string, issue: z.core.$ZodIssue): ModelPackageError {
  const field = issue.path.join('.') || '(root)';
  return new ModelPackageError('MODEL_PACKAGE_BAD_CARD', `${where}: ${field}: ${issue.message}`, {
    details: { field },
  });
}

/**
 * Write an RF-Score package to `dir` (replacing what is there, atomically: a temporary sibling folder is renamed
 * into place). Returns the card. Equal models and card fields (with a fixed `createdAt`) give identical bytes.
 *
 * @example
 * const { model, options, metrics } = await trainTreeEnsemble(train, { kind: 'random-forest' });
 * await saveRfScorePackage('models/rf-score', { model, options, name: 'rf-score', target: { mean: 6.4, std: 2 },
 *   training: { datasets: [], epochs: 1 }, metrics: { validation: { ...metrics.validation } } });
 * @throws {ModelPackageError} MODEL_PACKAGE_BAD_CARD when a card field is invalid.
 */
export async function saveRfScorePackage(dir: string, o: SaveRfScoreOptions): Promise<RfScoreCard> {
  const onnx = encodeTreeEnsembleOnnx(o.model, o.name);
  const params = encodeParams({}, { featuriser: RFSCORE_FEATURES_VERSION });
  const draft = {
    schemaVersion: MODEL_CARD_VERSION,
    id: '',
    name: o.name,
    ...(o.description !== undefined ? { description: o.description } : {}),
    ...(o.license !== undefined ? { license: o.license } : {}),
    createdAt: new Date(o.createdAt ?? Date.now()).toISOString(),
    architecture: rfScoreArchitecture(o.model, o.options),
    featuriser: { version: RFSCORE_FEATURES_VERSION },
    target: { mean: o.target.mean, std: o.target.std, unit: 'pK' as const },
    training: o.training,
    metrics: o.metrics,
    files: { [MODEL_FILES.onnx]: sha(onnx), [MODEL_FILES.params]: sha(params) },
    providersTested: [...(o.providersTested ?? ['cpu'])],
  };
  const parsed = rfScoreCardSchema.safeParse({ ...draft, id: contentId(draft) });
  if (!parsed.success) throw badCard('model card', parsed.error.issues[0]!);
  const card = parsed.data;
  await writeFolderAtomically(dir, {
    [MODEL_FILES.onnx]: onnx,
    [MODEL_FILES.params]: params,
    [MODEL_FILES.card]: `${JSON.stringify(card, null, 2)}\n`,
  });
  return card;
}

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

/**
 * Load and check an RF-Score package: the card parses with {@link rfScoreCardSchema}, the featuriser is
 * rfscore-v1, each file's SHA-256 matches the card and the id matches the contents.
 *
 * @throws {ModelPackageError} MODEL_PACKAGE_NOT_FOUND, MODEL_PACKAGE_MISSING_FILE, MODEL_PACKAGE_BAD_CARD (with
 *   `details.field`), MODEL_PACKAGE_WRONG_ARCHITECTURE (another architecture's package),
 *   MODEL_PACKAGE_FEATURISER_MISMATCH, MODEL_PACKAGE_CHECKSUM_MISMATCH.
 */
export async function loadRfScorePackage(dir: string): Promise<LoadedRfScorePackage> {
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory())
    throw new ModelPackageError('MODEL_PACKAGE_NOT_FOUND', `no model package folder at ${dir}`, {
      details: { dir },
    });
  const where = `${dir}/${MODEL_FILES.card}`;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(await readPackageFile(dir, MODEL_FILES.card)).toString('utf8'));
  } catch (e) {
    if (e instanceof ModelPackageError) throw e;
    throw new ModelPackageError('MODEL_PACKAGE_BAD_CARD', `${where}: not JSON (${(e as Error).message})`, {
      details: { field: '(json)' },
    });
  }
  const archName = (json as { architecture?: { name?: unknown } } | null)?.architecture?.name;
  if (typeof archName === 'string' && archName !== 'rf-score')
    throw new ModelPackageError(
      'MODEL_PACKAGE_WRONG_ARCHITECTURE',
      `${dir}: this needs an RF-Score package, the package holds ${archName}`,
      { details: { dir, architecture: archName } },
    );
  const parsed = rfScoreCardSchema.safeParse(json);
  if (!parsed.success) throw badCard(where, parsed.error.issues[0]!);
  const card = parsed.data;
  if (card.featuriser.version !== RFSCORE_FEATURES_VERSION)
    throw new ModelPackageError(
      'MODEL_PACKAGE_FEATURISER_MISMATCH',
      `${dir}: the model was trained with features ${card.featuriser.version}, this reader makes ${RFSCORE_FEATURES_VERSION}`,
      { details: { dir, expected: card.featuriser.version, actual: RFSCORE_FEATURES_VERSION } },
    );
  const contents: Record<string, Uint8Array> = {};
  for (const name of [MODEL_FILES.onnx, MODEL_FILES.params]) {
    const want = card.files[name];
    if (want === undefined)
      throw new ModelPackageError('MODEL_PACKAGE_BAD_CARD', `${where}: files.${name}: missing checksum`, {
        details: { field: `files.${name}` },
      });
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
  if (card.id !== contentId(card))
    throw new ModelPackageError(
      'MODEL_PACKAGE_BAD_CARD',
      `${where}: id: ${card.id} does not match the contents (${contentId(card)}); the card was edited`,
      { details: { field: 'id' } },
    );
  return { dir, card, onnx: contents[MODEL_FILES.onnx]! };
}
