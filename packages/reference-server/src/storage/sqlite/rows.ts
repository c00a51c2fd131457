/** Maps SQLite rows to records, validating each with its zod schema. */
import {
  apiKeySchema,
  datasetSchema,
  modelSchema,
  taskLogEntrySchema,
  taskMetricSchema,
  taskSchema,
  type ApiKey,
  type Dataset,
  type Model,
  type Task,
  type TaskLogEntry,
  type TaskMetric,
} from '../records.js';

/** A row as better-sqlite3 returns it. */
export type Row = Record<string, unknown>;

const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

/** A `tasks` row as a task. */
export function taskFromRow(r: Row): Task {
  return taskSchema.parse({
    id: r.id,
    name: r.name,
    mode: r.mode,
    config: json(r.config),
    state: r.state,
    progress: r.progress,
    error: r.error,
    owner: r.owner,
    modelId: r.model_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  });
}

/** A `task_logs` row as a log entry. */
export function logFromRow(r: Row): TaskLogEntry {
  return taskLogEntrySchema.parse({
    cursor: r.cursor,
    taskId: r.task_id,
    at: r.at,
    level: r.level,
    message: r.message,
  });
}

/** A `task_metrics` row as an epoch's metrics. */
export function metricFromRow(r: Row): TaskMetric {
  return taskMetricSchema.parse({ taskId: r.task_id, epoch: r.epoch, at: r.at, values: json(r.values) });
}

/** A `datasets` row as a dataset. */
export function datasetFromRow(r: Row): Dataset {
  return datasetSchema.parse({
    id: r.id,
    name: r.name,
    description: r.description,
    status: r.status,
    reason: r.reason,
    file: r.file === null ? null : json(r.file),
    counts: json(r.counts),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}

/** A `models` row as a model. */
export function modelFromRow(r: Row): Model {
  return modelSchema.parse({
    id: r.id,
    name: r.name,
    aliases: json(r.aliases),
    isDefault: r.is_default === 1,
    card: json(r.card),
    packagePath: r.package_path,
    sha256: r.sha256,
    createdAt: r.created_at,
  });
}

/** An `api_keys` row as a key. */
export function keyFromRow(r: Row): ApiKey {
  return apiKeySchema.parse({
    id: r.id,
    name: r.name,
    role: r.role,
    hash: r.hash,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revoked: r.revoked === 1,
  });
}
