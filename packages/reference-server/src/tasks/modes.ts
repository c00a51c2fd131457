/** Mode presets: each training mode's default configuration, overridable field by field. */
import { z } from 'zod';
import {
  modelHyperParametersSchema,
  taskConfigSchema,
  taskModeSchema,
  type TaskConfig,
  type TaskMode,
} from '../storage/records.js';

/** Default configuration of each mode, from seconds (smoke test) to a full run (production). */
export const MODE_PRESETS: Readonly<Record<TaskMode, TaskConfig>> = {
  smoke_test: {
    epochs: 1,
    batchSize: 4,
    learningRate: 1e-3,
    optimiser: 'adam',
    model: { hiddenDim: 32, layers: 2 },
  },
  prototyping: {
    epochs: 10,
    batchSize: 16,
    learningRate: 1e-3,
    optimiser: 'adam',
    model: { hiddenDim: 64, layers: 3 },
  },
  validation: {
    epochs: 50,
    batchSize: 32,
    learningRate: 5e-4,
    optimiser: 'adamw',
    model: { hiddenDim: 128, layers: 4 },
  },
  production: {
    epochs: 200,
    batchSize: 32,
    learningRate: 3e-4,
    optimiser: 'adamw',
    model: { hiddenDim: 128, layers: 6, dropout: 0.1 },
  },
};

/** Body of `POST /api/v1/tasks`: a name, a mode and any fields overriding the mode's preset. */
export const createTaskBodySchema = z
  .object({
    name: z.string().min(1).max(200),
    mode: taskModeSchema.default('prototyping'),
    config: taskConfigSchema
      .omit({ model: true })
      .partial()
      .extend({ model: modelHyperParametersSchema.optional() })
      .strict()
      .default({}),
  })
  .strict();

/** A parsed task creation body. */
export type CreateTaskBody = z.infer<typeof createTaskBodySchema>;

/**
 * What a `gign` task's mode changes: the fine-tuning recipe's epochs, batch size and learning rate (the recipe
 * chosen on dev splits, `GIGN_FINE_TUNE_DEFAULTS`: head only, lr 3e-4, batch 8, 25 epochs; a smoke test runs one
 * epoch, prototyping ten). Optimiser and model fields do not apply to fine-tuning and are ignored by the run.
 */
export const GIGN_MODE_PRESETS: Readonly<
  Record<TaskMode, Pick<TaskConfig, 'epochs' | 'batchSize' | 'learningRate'>>
> = {
  smoke_test: { epochs: 1, batchSize: 8, learningRate: 3e-4 },
  prototyping: { epochs: 10, batchSize: 8, learningRate: 3e-4 },
  validation: { epochs: 25, batchSize: 8, learningRate: 3e-4 },
  production: { epochs: 25, batchSize: 8, learningRate: 3e-4 },
};

/**
 * The mode's preset with the user's fields laid over it (model hyper-parameters merged field by field). A `gign`
 * task takes its recipe fields from {@link GIGN_MODE_PRESETS}; an `rf-score` task keeps the preset's fields, which
 * its run ignores (and says so in its log): its mode sets the number of trees. A ViSNet task with `init` keeps the
 * preset's recipe fields but not its model fields: the init package's hyper-parameters build the model, and only
 * model fields given on the task are sent (the run refuses one that disagrees with the package).
 */
export function resolveTaskConfig(mode: TaskMode, overrides: CreateTaskBody['config']): TaskConfig {
  const preset =
    overrides.architecture === 'gign'
      ? { ...MODE_PRESETS[mode], ...GIGN_MODE_PRESETS[mode] }
      : MODE_PRESETS[mode];
  const warmStart =
    overrides.init !== undefined && (overrides.architecture ?? 'compass-visnet') === 'compass-visnet';
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const model = warmStart ? { ...overrides.model } : { ...preset.model, ...overrides.model };
  return taskConfigSchema.parse({ ...preset, ...defined, model });
}
