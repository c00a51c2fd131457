/** Saving a fine-tuned GIGN package whose card says what it was fine-tuned from, on what data and how. */
import { buildInferenceProgram } from '../graph/programs.js';
import type { ModelCard } from '../model-package/card.js';
import { ModelPackageError } from '../model-package/errors.js';
import { writeModelPackage } from '../model-package/save.js';
import type { TensorMap } from '../runtime/host-tensor.js';
import { GIGN_FINE_TUNE_DEFAULTS, type GignFineTuneRegime } from './gign-fine-tune.js';
import { createGignModelDef } from '../model/gign/model-def.js';

/** What the BatchNorm layers did during fine-tuning, as every fine-tuned card states it. */
export const GIGN_FINE_TUNE_BATCHNORM = 'BatchNorm statistics frozen (published)';

/** How a package was fine-tuned (the options given to fineTuneGign, defaults filled in). */
export interface GignFineTuneRecipe {
  readonly regime: GignFineTuneRegime;
  readonly epochs: number;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly seed: number;
}

/** Options of {@link saveFineTunedGign}. */
export interface SaveFineTunedGignOptions {
  /** Card of the package that was fine-tuned. */
  readonly base: ModelCard;
  /** The fine-tuned parameters (same hyper-parameters as the base). */
  readonly params: TensorMap;
  /** The user's data: a name, the number of complexes trained on and a content hash. */
  readonly data: { readonly name: string; readonly count: number; readonly contentHash: string };
  /** Default {@link GIGN_FINE_TUNE_DEFAULTS}. */
  readonly recipe?: Partial<GignFineTuneRecipe>;
  /** Figures of the fine-tuned model (say on which set in the key: `train`, `validation`, ...). */
  readonly metrics?: ModelCard['metrics'];
  /** Default `<base name>-fine-tuned`. */
  readonly name?: string;
  readonly createdAt?: Date | string;
}

/**
 * Write a fine-tuned GIGN package to `dir` (atomically, see `writeModelPackage`). The card's `training` names the
 * base package (`fineTunedFrom`), the data, the recipe and {@link GIGN_FINE_TUNE_BATCHNORM}; the base's own
 * training is kept under `training.base`; the members keep their names with a `-ft` suffix and lose the base's
 * per-member figures, which no longer describe them.
 *
 * @example
 * const params = await fineTuneGign(pkg, items);
 * await saveFineTunedGign('models/my-series', { base: pkg.card, params, data: { name: 'tyk2', count: 16,
 *   contentHash: hash } });
 * @throws {ModelPackageError} MODEL_PACKAGE_WRONG_ARCHITECTURE when the base is not GIGN, MODEL_PACKAGE_BAD_PARAMS
 *   when the parameters do not fit its hyper-parameters.
 */
export async function saveFineTunedGign(dir: string, opts: SaveFineTunedGignOptions): Promise<ModelCard> {
  const arch = opts.base.architecture;
  if (arch.name !== 'gign')
    throw new ModelPackageError(
      'MODEL_PACKAGE_WRONG_ARCHITECTURE',
      `${opts.base.id}: a fine-tuned GIGN package needs a GIGN base, the base is ${arch.name}`,
      { details: { architecture: arch.name } },
    );
  const D = GIGN_FINE_TUNE_DEFAULTS;
  const recipe: GignFineTuneRecipe = {
    regime: opts.recipe?.regime ?? D.regime,
    epochs: opts.recipe?.epochs ?? D.epochs,
    learningRate: opts.recipe?.learningRate ?? D.learningRate,
    batchSize: opts.recipe?.batchSize ?? D.batchSize,
    seed: opts.recipe?.seed ?? D.seed,
  };
  const trained = {
    head: 'the fully connected head (interaction layers frozen)',
    'last-layer': 'the head and the last interaction layer',
    all: 'every layer',
  }[recipe.regime];
  const name = opts.name ?? `${opts.base.name}-fine-tuned`;
  const onnx = buildInferenceProgram(createGignModelDef(arch.hyperParams)).onnx;
  return writeModelPackage(dir, {
    onnx,
    params: opts.params,
    card: {
      name,
      description: `${name}: ${opts.base.name} (${opts.base.id}) fine-tuned on ${opts.data.count} complexes of ${opts.data.name}. Trained: ${trained}; Adam, learning rate ${recipe.learningRate}, ${recipe.epochs} epochs, batch ${recipe.batchSize}, seed ${recipe.seed}, each member from its own weights. ${GIGN_FINE_TUNE_BATCHNORM}.`,
      ...(opts.base.license !== undefined ? { license: opts.base.license } : {}),
      ...(opts.createdAt !== undefined ? { createdAt: opts.createdAt } : {}),
      architecture: {
        ...arch,
        ...(arch.members
          ? {
              members: arch.members.map((m) => ({
                name: `${m.name}-ft`,
                ...(m.source ? { source: m.source } : {}),
              })),
            }
          : {}),
      },
      target: opts.base.target,
      training: {
        datasets: [{ ...opts.data }],
        epochs: recipe.epochs,
        fineTunedFrom: { id: opts.base.id, name: opts.base.name },
        fineTune: { ...recipe, optimiser: 'adam', trained },
        batchNorm: GIGN_FINE_TUNE_BATCHNORM,
        base: opts.base.training,
      },
      metrics: opts.metrics ?? {},
    },
  });
}
