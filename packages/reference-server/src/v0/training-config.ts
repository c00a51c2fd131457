/** The v0 training config keys mapped onto our task body, and back; what we cannot honour is a 422 naming the key. */
import { z } from 'zod';
import { type Task } from '../storage/records.js';
import { type CreateTaskBody } from '../tasks/modes.js';
import { validationError, type V0Issue } from './errors.js';
import { parseV0Input } from './parse.js';

/** `execution_mode` values: our training modes under their own names. */
export const V0_EXECUTION_MODES = ['smoke_test', 'prototyping', 'validation', 'production'] as const;
/** Optimisers we implement (v0 names compared case-insensitively: `Adam`, `AdamW`, `SGD`). */
export const V0_OPTIMIZERS = ['adam', 'adamw', 'sgd'] as const;

/** v0 config keys we map, with the key of ours each one sets. */
const MODEL_KEYS = {
  hidden_dim: 'hiddenDim',
  num_layers: 'layers',
  dropout: 'dropout',
  cutoff: 'cutoff',
} as const;

const lower = (allowed: readonly string[], what: string) =>
  z
    .string()
    .transform((s) => s.toLowerCase())
    .refine((s) => allowed.includes(s), { message: `${what}: use one of ${allowed.join(', ')}` });

/** The known v0 config keys with our limits; `null` counts as absent (pydantic's Optional). */
const v0ConfigSchema = z.object({
  execution_mode: lower(V0_EXECUTION_MODES, 'unsupported execution_mode').nullish(),
  epochs: z.int().min(1).max(10_000).nullish(),
  batch_size: z.int().min(1).max(4096).nullish(),
  learning_rate: z.number().positive().max(10).nullish(),
  optimizer: lower(V0_OPTIMIZERS, 'unsupported optimizer').nullish(),
  hidden_dim: z.int().min(1).max(4096).nullish(),
  num_layers: z.int().min(1).max(64).nullish(),
  dropout: z.number().min(0).max(1).nullish(),
  cutoff: z.number().positive().max(50).nullish(),
});

/** Body of v0 `POST /api/v1/training/tasks`. */
export const v0CreateTaskSchema = z.object({
  config: z.record(z.string(), z.unknown()),
  dataset_id: z.string().min(1).max(128).nullish(),
  description: z.string().max(2000).nullish(),
});

/** The config as a v0 `TrainingTask` shows it. */
export type V0ConfigOut = Record<string, string | number>;

/**
 * Our task body for a v0 create request. Every known key is mapped (`execution_mode` to the mode,
 * `batch_size` to batchSize, `optimizer` to optimiser, `hidden_dim`/`num_layers`/`dropout`/`cutoff` to the model);
 * a key we do not know, an optimiser we do not implement or a mode we do not have is a 422 naming the field.
 */
export function taskBodyFromV0(body: unknown): CreateTaskBody {
  const parsed = parseV0Input(v0CreateTaskSchema, body, 'body');
  const unknown = Object.keys(parsed.config).filter((k) => !(k in v0ConfigSchema.shape));
  if (unknown.length > 0) {
    const issues: V0Issue[] = unknown.map((k) => ({
      type: 'extra_forbidden',
      loc: ['body', 'config', k],
      msg: `config key ${k} is not supported by this server (supported: ${Object.keys(v0ConfigSchema.shape).join(', ')})`,
    }));
    throw validationError(issues);
  }
  const result = v0ConfigSchema.safeParse(parsed.config);
  if (!result.success) {
    throw validationError(
      result.error.issues.map((i) => ({
        type: i.code === 'invalid_type' ? `${i.expected}_type` : 'value_error',
        loc: ['body', 'config', ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))],
        msg: i.message,
      })),
    );
  }
  const c = result.data;
  const model: Record<string, number> = {};
  for (const [v0, ours] of Object.entries(MODEL_KEYS)) {
    const value = c[v0 as keyof typeof MODEL_KEYS];
    if (typeof value === 'number') model[ours] = value;
  }
  const description = parsed.description ?? undefined;
  const config = {
    ...(c.epochs != null ? { epochs: c.epochs } : {}),
    ...(c.batch_size != null ? { batchSize: c.batch_size } : {}),
    ...(c.learning_rate != null ? { learningRate: c.learning_rate } : {}),
    ...(c.optimizer != null ? { optimiser: c.optimizer as (typeof V0_OPTIMIZERS)[number] } : {}),
    ...(parsed.dataset_id ? { datasetId: parsed.dataset_id } : {}),
    ...(description ? { description } : {}),
    ...(Object.keys(model).length > 0 ? { model } : {}),
  };
  return {
    name: (description?.trim() || 'FLASH-DOCK training task').slice(0, 200),
    mode: (c.execution_mode as (typeof V0_EXECUTION_MODES)[number] | null | undefined) ?? 'prototyping',
    config,
  };
}

/** A task's resolved config under the v0 keys. */
export function v0ConfigOf(task: Task): V0ConfigOut {
  const c = task.config;
  const out: V0ConfigOut = {
    execution_mode: task.mode,
    epochs: c.epochs,
    batch_size: c.batchSize,
    learning_rate: c.learningRate,
    optimizer: c.optimiser,
  };
  if (c.datasetId) out.dataset_id = c.datasetId;
  for (const [v0, ours] of Object.entries(MODEL_KEYS)) {
    const value = c.model[ours];
    if (value !== undefined) out[v0] = value;
  }
  return out;
}
