/** Zod schemas of every stored record: tasks, task logs and metrics, datasets, models and API keys. */
import { z } from 'zod';

const timestamp = z.iso.datetime();
const id = z.string().min(1).max(128);

/** Training modes, from a quick smoke test to a full production run. */
export const taskModeSchema = z.enum(['smoke_test', 'prototyping', 'validation', 'production']);
/** Every state of a training task. */
export const taskStateSchema = z.enum([
  'pending',
  'queued',
  'running',
  'paused',
  'cancelling',
  'cancelled',
  'succeeded',
  'failed',
]);

/** Model hyper-parameters a task may set; the trainer defines their meaning. */
export const modelHyperParametersSchema = z
  .object({
    hiddenDim: z.int().min(1).max(4096).optional(),
    layers: z.int().min(1).max(64).optional(),
    dropout: z.number().min(0).max(1).optional(),
    cutoff: z.number().positive().max(50).optional(),
  })
  .strict();

/** Architectures a training task can train: the COMPASS ViSNet (default), GIGN (fine-tuning only) and RF-Score. */
export const taskArchitectureSchema = z.enum(['compass-visnet', 'gign', 'rf-score']);

/** A task's complete training configuration (mode presets already applied). */
export const taskConfigSchema = z
  .object({
    /** What to train; absent means the COMPASS ViSNet. */
    architecture: taskArchitectureSchema.optional(),
    /** Id or alias of a registered model to start from (fine-tuning); required for `gign`. */
    init: z.string().min(1).max(200).optional(),
    epochs: z.int().min(1).max(10_000),
    batchSize: z.int().min(1).max(4096),
    learningRate: z.number().positive().max(10),
    optimiser: z.enum(['adam', 'adamw', 'sgd']),
    datasetId: id.optional(),
    description: z.string().max(2000).optional(),
    model: modelHyperParametersSchema,
  })
  .strict();

/** A training task as stored. */
export const taskSchema = z.object({
  id,
  name: z.string().min(1).max(200),
  mode: taskModeSchema,
  config: taskConfigSchema,
  state: taskStateSchema,
  progress: z.number().min(0).max(1),
  error: z.string().nullable(),
  owner: z.string().nullable(),
  modelId: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
});

/** One task log line; `cursor` grows monotonically across the whole store. */
export const taskLogEntrySchema = z.object({
  cursor: z.int().min(1),
  taskId: id,
  at: timestamp,
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
});

/** Metrics recorded at the end of one epoch. */
export const taskMetricSchema = z.object({
  taskId: id,
  epoch: z.int().min(0),
  at: timestamp,
  values: z.record(z.string(), z.number()),
});

/** Processing states of an uploaded dataset. */
export const datasetStatusSchema = z.enum(['pending', 'processing', 'ready', 'error']);

/** An uploaded dataset as stored. */
export const datasetSchema = z.object({
  id,
  name: z.string().min(1).max(200),
  description: z.string().max(2000),
  status: datasetStatusSchema,
  reason: z.string().nullable(),
  file: z
    .object({
      path: z.string(),
      originalName: z.string(),
      size: z.int().min(0),
      sha256: z.string().length(64),
    })
    .nullable(),
  counts: z.record(z.string(), z.int().min(0)),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** A trained model package as stored. */
export const modelSchema = z.object({
  id,
  name: z.string().min(1).max(200),
  aliases: z.array(z.string().min(1).max(100)),
  isDefault: z.boolean(),
  card: z.record(z.string(), z.unknown()),
  packagePath: z.string(),
  sha256: z.string().length(64),
  createdAt: timestamp,
});

/** Roles of API keys, from least to most powerful. */
export const keyRoleSchema = z.enum(['read', 'predict', 'train', 'admin']);

/** An API key as stored: only the hash of its token is kept. */
export const apiKeySchema = z.object({
  id,
  name: z.string().min(1).max(200),
  role: keyRoleSchema,
  hash: z.string().length(64),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  revoked: z.boolean(),
});

/** A trainable architecture. */
export type TaskArchitecture = z.infer<typeof taskArchitectureSchema>;
/** A training mode. */
export type TaskMode = z.infer<typeof taskModeSchema>;
/** A training task state. */
export type TaskState = z.infer<typeof taskStateSchema>;
/** A task's training configuration. */
export type TaskConfig = z.infer<typeof taskConfigSchema>;
/** A stored task. */
export type Task = z.infer<typeof taskSchema>;
/** A stored task log line. */
export type TaskLogEntry = z.infer<typeof taskLogEntrySchema>;
/** A stored epoch's metrics. */
export type TaskMetric = z.infer<typeof taskMetricSchema>;
/** A dataset processing status. */
export type DatasetStatus = z.infer<typeof datasetStatusSchema>;
/** A stored dataset. */
export type Dataset = z.infer<typeof datasetSchema>;
/** A stored model. */
export type Model = z.infer<typeof modelSchema>;
/** An API key role. */
export type KeyRole = z.infer<typeof keyRoleSchema>;
/** A stored API key (hash only). */
export type ApiKey = z.infer<typeof apiKeySchema>;
