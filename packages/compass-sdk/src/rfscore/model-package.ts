/**
 * RF-Score model packages: `model.json` (the card), `inference.onnx` (the tree ensemble) and an empty
 * `params.safetensors` (the trees live in the program), written and checked by the project's model-package layer.
 */
import type { z } from 'zod';
import { modelCardSchema, type ModelCard } from '../model-package/card.js';
import { ModelPackageError } from '../model-package/errors.js';
import { loadModelPackage } from '../model-package/load.js';
import { writeModelPackage } from '../model-package/save.js';
import { rfScoreArchitectureSchema, type RfScoreArchitecture } from './architecture.js';
import { RFSCORE_FEATURES_VERSION } from './features.js';
import { encodeTreeEnsembleOnnx } from './onnx-export.js';
import type { TreeEnsembleOptions } from './train-options.js';
import { ensembleNodeCount, type TreeEnsemble } from './tree-ensemble.js';

/** The project's card schema narrowed to the RF-Score architecture. */
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
  readonly training: ModelCard['training'];
  readonly metrics: ModelCard['metrics'];
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

/**
 * Write an RF-Score package to `dir` with `writeModelPackage` (atomic: a temporary sibling folder is renamed
 * into place). Returns the card. Equal models and card fields (with a fixed `createdAt`) give identical bytes.
 *
 * @example
 * const { model, options, metrics } = await trainTreeEnsemble(train, { kind: 'random-forest' });
 * await saveRfScorePackage('models/rf-score', { model, options, name: 'rf-score', target: { mean: 6.4, std: 2 },
 *   training: { datasets: [], epochs: 1 }, metrics: { validation: { ...metrics.validation } } });
 * @throws {ModelPackageError} MODEL_PACKAGE_BAD_CARD when a card field is invalid.
 */
export async function saveRfScorePackage(dir: string, o: SaveRfScoreOptions): Promise<RfScoreCard> {
  const card = await writeModelPackage(dir, {
    onnx: encodeTreeEnsembleOnnx(o.model, o.name),
    params: {},
    card: {
      name: o.name,
      ...(o.description !== undefined ? { description: o.description } : {}),
      ...(o.license !== undefined ? { license: o.license } : {}),
      ...(o.createdAt !== undefined ? { createdAt: o.createdAt } : {}),
      ...(o.providersTested !== undefined ? { providersTested: o.providersTested } : {}),
      architecture: rfScoreArchitecture(o.model, o.options),
      target: { mean: o.target.mean, std: o.target.std, unit: 'pK' },
      training: o.training,
      metrics: o.metrics,
    },
  });
  return card as RfScoreCard;
}

/**
 * Load and check an RF-Score package with `loadModelPackage` (card schema, featuriser rfscore-v1, checksums,
 * content id), then that it holds an RF-Score model.
 *
 * @throws {ModelPackageError} MODEL_PACKAGE_NOT_FOUND, MODEL_PACKAGE_MISSING_FILE, MODEL_PACKAGE_BAD_CARD (with
 *   `details.field`), MODEL_PACKAGE_FEATURISER_MISMATCH, MODEL_PACKAGE_CHECKSUM_MISMATCH, and
 *   MODEL_PACKAGE_WRONG_ARCHITECTURE for another architecture's package.
 */
export async function loadRfScorePackage(dir: string): Promise<LoadedRfScorePackage> {
  const pkg = await loadModelPackage(dir);
  const a = pkg.card.architecture;
  if (a.name !== 'rf-score')
    throw new ModelPackageError(
      'MODEL_PACKAGE_WRONG_ARCHITECTURE',
      `${dir}: this needs an RF-Score package, the package holds ${a.name}`,
      { details: { dir, architecture: a.name } },
    );
  return { dir, card: pkg.card as RfScoreCard, onnx: pkg.onnx };
}
