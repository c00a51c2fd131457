/** Training configuration: the zod schema, its defaults, and validation with a typed error. */
import { z } from 'zod';
import { isModelError } from '../model/errors.js';
import { DEVELOPMENT_MODES, resolveHyperParams, type CompassHyperParams } from '../model/hyper-params.js';
import { TrainingError } from './errors.js';

const modes = DEVELOPMENT_MODES as unknown as readonly [
  'smoke_test',
  'prototyping',
  'validation',
  'production',
];

/** How items are split into train / validation / test. */
export const splitConfigSchema = z
  .object({
    /** `random` by item, `target` = leave whole targets out (congeneric series), `none` = all items train. */
    kind: z.enum(['random', 'target', 'none']).default('random'),
    validation: z.number().min(0).max(0.9).default(0.1),
    test: z.number().min(0).max(0.9).default(0.1),
    /** Item ids (case-insensitive) kept out of every split, e.g. a benchmark core set. */
    exclude: z.array(z.string()).default([]),
  })
  .strict();

/**
 * Every setting of a training run. Defaults follow the original recipe with its flaws fixed (affinity-model-facts):
 * Huber loss, AdamW, clipping at norm 1, warm-up then cosine, a test split.
 */
export const trainingConfigSchema = z
  .object({
    mode: z.enum(modes).default('smoke_test'),
    /** Overrides of the mode's hyper-parameters (validated when the model is built). */
    hyperParams: z
      .record(z.string(), z.union([z.number(), z.boolean(), z.string()]))
      .default({})
      .transform((h) => h as Partial<CompassHyperParams>),
    epochs: z.number().int().min(1).max(100_000).default(20),
    batchSize: z.number().int().min(1).max(4096).default(8),
    learningRate: z.number().positive().max(10).default(1e-3),
    optimiser: z.enum(['adamw', 'adam', 'sgd']).default('adamw'),
    weightDecay: z.number().min(0).max(1).default(1e-5),
    schedule: z
      .object({
        kind: z.enum(['warmup-cosine', 'plateau', 'constant']).default('warmup-cosine'),
        /** Warm-up length in epochs (linear from lr/10... to lr). */
        warmupEpochs: z.number().min(0).default(1),
        /** Lowest learning rate as a fraction of `learningRate`. */
        minFactor: z.number().min(0).max(1).default(0.01),
        /** Plateau: multiply by this after `patience` epochs without a better validation loss. */
        factor: z.number().gt(0).lt(1).default(0.5),
        patience: z.number().int().min(1).default(3),
      })
      .strict()
      .default({ kind: 'warmup-cosine', warmupEpochs: 1, minFactor: 0.01, factor: 0.5, patience: 3 }),
    loss: z.enum(['huber', 'mse']).default('huber'),
    huberDelta: z.number().positive().default(1),
    /** Clip gradients to this global L2 norm (0 = off). */
    clipNorm: z.number().min(0).default(1),
    earlyStopping: z
      .object({
        /** Epochs without a better validation RMSE before stopping (0 = never stop early). */
        patience: z.number().int().min(0).default(0),
        minDelta: z.number().min(0).default(0),
      })
      .strict()
      .default({ patience: 0, minDelta: 0 }),
    /** Gaussian noise (A) added to training coordinates only; validation and test never see it. */
    coordNoiseStd: z.number().min(0).max(2).default(0),
    /**
     * Train on within-series differences: each label minus its target's mean in the split (plus the global training
     * mean). For congeneric series, where ranking inside a series is the task and series offsets are memorised
     * otherwise. Model selection then uses the validation RMSE against series-centred labels.
     */
    centreByTarget: z.boolean().default(false),
    /** What to do when a step's loss or gradient is NaN or infinite. */
    nanPolicy: z.enum(['skip', 'stop']).default('skip'),
    checkpoint: z
      .object({
        /** Also checkpoint every N steps (0 = only per epoch, best and on stop). */
        everySteps: z.number().int().min(0).default(100),
        /** Step and epoch checkpoints kept (the best one is always kept). */
        keep: z.number().int().min(1).default(3),
      })
      .strict()
      .default({ everySteps: 100, keep: 3 }),
    seed: z.number().int().min(0).default(42),
    split: splitConfigSchema.default({ kind: 'random', validation: 0.1, test: 0.1, exclude: [] }),
    /** onnxruntime intra-op threads of the training session. */
    threads: z.number().int().min(1).max(256).default(1),
    /**
     * A COMPASS (ViSNet) model package directory whose parameters initialise the model (fine-tuning / warm start).
     * Its card's hyper-parameters win over the mode's defaults; a conflicting explicit `hyperParams` override is a
     * TRAINING_BAD_CONFIG error naming `init`. The result's card records it.
     */
    init: z.string().min(1).optional(),
  })
  .strict();

/** A validated, defaults-filled training configuration. */
export type TrainingConfig = z.infer<typeof trainingConfigSchema>;
/** What a caller may pass: any subset, defaults fill the rest. */
export type TrainingConfigInput = z.input<typeof trainingConfigSchema>;

/**
 * Validates `input` and fills defaults.
 *
 * @example
 * const config = parseTrainingConfig({ mode: 'smoke_test', epochs: 5, learningRate: 3e-3 });
 * @throws {TrainingError} TRAINING_BAD_CONFIG naming the first bad field.
 */
export function parseTrainingConfig(input: unknown): TrainingConfig {
  const r = trainingConfigSchema.safeParse(input ?? {});
  if (r.success) {
    try {
      resolveHyperParams(r.data.mode, r.data.hyperParams);
    } catch (e) {
      if (!isModelError(e)) throw e;
      throw new TrainingError('TRAINING_BAD_CONFIG', `training config ${e.message}`, { cause: e });
    }
    return r.data;
  }
  const issue = r.error.issues[0]!;
  const field = issue.path.join('.') || '(root)';
  throw new TrainingError('TRAINING_BAD_CONFIG', `training config ${field}: ${issue.message}`, {
    details: { field, issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
  });
}
