/** Zod schemas of the reference server's responses, kept here so the SDK never depends on the server package. */
import { z } from 'zod';

const id = z.string().min(1);
const timestamp = z.string();

/** Training modes, from a quick smoke test to a full production run. */
export const remoteTaskModeSchema = z.enum(['smoke_test', 'prototyping', 'validation', 'production']);
/** Every state of a server training task. */
export const remoteTaskStateSchema = z.enum([
  'pending',
  'queued',
  'running',
  'paused',
  'cancelling',
  'cancelled',
  'succeeded',
  'failed',
]);

/** A task's training configuration as the server stores it (presets applied). */
export const remoteTaskConfigSchema = z.looseObject({
  architecture: z.enum(['compass-visnet', 'gign', 'rf-score']).optional(),
  init: z.string().optional(),
  epochs: z.number(),
  batchSize: z.number(),
  learningRate: z.number(),
  optimiser: z.string(),
  datasetId: z.string().optional(),
  description: z.string().optional(),
  model: z.record(z.string(), z.unknown()),
});

/** A training task on the server. */
export const remoteTaskSchema = z.looseObject({
  id,
  name: z.string(),
  mode: remoteTaskModeSchema,
  config: remoteTaskConfigSchema,
  state: remoteTaskStateSchema,
  progress: z.number(),
  error: z.string().nullable(),
  owner: z.string().nullable(),
  modelId: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
});

/** One task log line; `cursor` grows monotonically. */
export const remoteTaskLogSchema = z.object({
  cursor: z.number(),
  taskId: id,
  at: timestamp,
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
});

/** Metrics recorded at the end of one epoch. */
export const remoteTaskMetricSchema = z.object({
  taskId: id,
  epoch: z.number(),
  at: timestamp,
  values: z.record(z.string(), z.number()),
});

/** Processing states of an uploaded dataset. */
export const remoteDatasetStatusSchema = z.enum(['pending', 'processing', 'ready', 'error']);

/** An uploaded dataset on the server. */
export const remoteDatasetSchema = z.looseObject({
  id,
  name: z.string(),
  description: z.string(),
  status: remoteDatasetStatusSchema,
  reason: z.string().nullable(),
  file: z
    .object({ path: z.string(), originalName: z.string(), size: z.number(), sha256: z.string() })
    .nullable(),
  counts: z.record(z.string(), z.number()),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** A stored model package on the server. */
export const remoteModelSchema = z.looseObject({
  id,
  name: z.string(),
  aliases: z.array(z.string()),
  isDefault: z.boolean(),
  card: z.record(z.string(), z.unknown()),
  sha256: z.string(),
  createdAt: timestamp,
});

/** Roles of API keys, from least to most powerful. */
export const remoteKeyRoleSchema = z.enum(['read', 'predict', 'train', 'admin']);

/** An API key as the server shows it (never its hash). */
export const remoteKeySchema = z.looseObject({
  id,
  name: z.string(),
  role: remoteKeyRoleSchema,
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  revoked: z.boolean(),
});

/** A created key: the token is in this response only. */
export const remoteCreatedKeySchema = remoteKeySchema.extend({ token: z.string() });

/** A page of `item` with the cursor of the next page (null on the last). */
export function remotePageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** One prediction of `POST /inference/predict`. */
export const remotePredictionSchema = z.object({
  index: z.number(),
  name: z.string(),
  pK: z.number(),
  uncertainty: z.number().nullable(),
  warnings: z.array(z.string()),
  /** Each ensemble member's pK (ensemble models only, e.g. the three published GIGN runs of the default). */
  members: z.array(z.object({ model: z.string(), pK: z.number() })).optional(),
  /** Each ligand atom's share of the free energy in kcal/mol, in record atom order (the vina model only). */
  atomContributions: z.array(z.number()).optional(),
});

const timingsSchema = z.looseObject({ totalMs: z.number() });

/** Response of `POST /inference/predict`. */
export const remotePredictResponseSchema = z.object({
  unit: z.literal('pK'),
  model: z.string(),
  predictions: z.array(remotePredictionSchema),
  timings: timingsSchema,
});

/** One item's outcome in `POST /inference/batch`. */
export const remoteBatchResultSchema = z.union([
  z.object({ id: z.string(), ok: z.literal(true), predictions: z.array(remotePredictionSchema) }),
  z.object({
    id: z.string(),
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);

/** Response of `POST /inference/batch`. */
export const remoteBatchResponseSchema = z.object({
  unit: z.literal('pK'),
  model: z.string(),
  results: z.array(remoteBatchResultSchema),
  timings: timingsSchema,
});

/** `GET /health`. */
export const remoteHealthSchema = z.looseObject({ status: z.string() });
/** `GET /v2/health/ready`. */
export const remoteReadySchema = z.looseObject({
  ready: z.boolean(),
  draining: z.boolean(),
  modelLoaded: z.boolean(),
});

/** A training mode. */
export type RemoteTaskMode = z.infer<typeof remoteTaskModeSchema>;
/** A server task state. */
export type RemoteTaskState = z.infer<typeof remoteTaskStateSchema>;
/** A server training task. */
export type RemoteTask = z.infer<typeof remoteTaskSchema>;
/** A task log line. */
export type RemoteTaskLog = z.infer<typeof remoteTaskLogSchema>;
/** One epoch's metrics. */
export type RemoteTaskMetric = z.infer<typeof remoteTaskMetricSchema>;
/** A server dataset. */
export type RemoteDataset = z.infer<typeof remoteDatasetSchema>;
/** A server dataset status. */
export type RemoteDatasetStatus = z.infer<typeof remoteDatasetStatusSchema>;
/** A server model record. */
export type RemoteModel = z.infer<typeof remoteModelSchema>;
/** An API key role. */
export type RemoteKeyRole = z.infer<typeof remoteKeyRoleSchema>;
/** An API key (no token). */
export type RemoteKey = z.infer<typeof remoteKeySchema>;
/** A just-created API key with its token. */
export type RemoteCreatedKey = z.infer<typeof remoteCreatedKeySchema>;
/** One remote prediction. */
export type RemotePrediction = z.infer<typeof remotePredictionSchema>;
/** `POST /inference/predict` response. */
export type RemotePredictResponse = z.infer<typeof remotePredictResponseSchema>;
/** One item's outcome of a remote batch. */
export type RemoteBatchResult = z.infer<typeof remoteBatchResultSchema>;
/** `POST /inference/batch` response. */
export type RemoteBatchResponse = z.infer<typeof remoteBatchResponseSchema>;
/** `GET /health` response. */
export type RemoteHealth = z.infer<typeof remoteHealthSchema>;
/** `GET /v2/health/ready` response. */
export type RemoteReady = z.infer<typeof remoteReadySchema>;
