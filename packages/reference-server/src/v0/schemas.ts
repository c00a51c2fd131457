/** Zod schemas of the v0 response records, for the v0 OpenAPI document (the shapes are built in the *-shape files). */
import { z } from 'zod';

const naive = z.string().meta({ description: 'naive ISO-8601 (UTC, no zone suffix)' });

/** v0 progress dict. */
export const v0ProgressSchema = z.object({
  stage: z.string(),
  progress: z.number().min(0).max(1),
  message: z.string(),
  cancelled: z.boolean(),
  data_processing: z.object({ completed: z.number(), total: z.number(), percentage: z.number() }),
  training: z.object({
    current_epoch: z.int(),
    total_epochs: z.int(),
    current_batch: z.int().nullable(),
    total_batches: z.int().nullable(),
    train_loss: z.number().nullable(),
    val_loss: z.number().nullable(),
    epoch_progress: z.number(),
  }),
  elapsed_time: z.number(),
  last_update: naive,
});

/** v0 TrainingTask. */
export const v0TaskSchema = z.object({
  task_id: z.uuid(),
  status: z.enum([
    'creating',
    'initializing',
    'pending',
    'running',
    'cancelling',
    'paused',
    'completed',
    'failed',
    'cancelled',
  ]),
  config: z.record(z.string(), z.union([z.string(), z.number()])),
  created_at: naive,
  updated_at: naive,
  started_at: naive.nullable(),
  completed_at: naive.nullable(),
  progress: v0ProgressSchema,
  error: z.string().nullable(),
  description: z.string().nullable(),
});

/** v0 Dataset. */
export const v0DatasetSchema = z.object({
  dataset_id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  size: z.int(),
  file_count: z.int(),
  status: z.enum(['pending', 'processing', 'ready', 'error']),
  created_at: naive,
  updated_at: naive,
  metadata: z.record(z.string(), z.unknown()),
  error: z.string().nullable(),
});

/** v0 Model. */
export const v0ModelSchema = z.object({
  model_id: z.string(),
  name: z.string(),
  version: z.string(),
  task_id: z.string().nullable(),
  checkpoint_path: z.string(),
  file_size: z.int(),
  created_at: naive,
  metadata: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.unknown()),
});

/** `{message, task_id}` of the task actions. */
export const v0TaskActionSchema = z.object({ message: z.string(), task_id: z.string() });
