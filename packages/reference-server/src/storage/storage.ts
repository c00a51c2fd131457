/** The one storage interface for tasks, datasets, models and API keys; SQLite now, PostgreSQL later. */
import {
  type ApiKey,
  type Dataset,
  type Model,
  type Task,
  type TaskLogEntry,
  type TaskMetric,
  type TaskMode,
  type TaskState,
} from './records.js';

/** One page of a list ordered newest first by (createdAt, id); pass `nextCursor` back to get the next page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** Cursor pagination shared by every list. */
export interface PageQuery {
  /** Opaque cursor from a previous page's `nextCursor`. */
  readonly cursor?: string;
  /** Page size (1..200, default 50). */
  readonly limit?: number;
}

/** Filters of {@link Storage.listTasks}. */
export interface TaskQuery extends PageQuery {
  readonly state?: readonly TaskState[];
  readonly mode?: TaskMode;
  readonly datasetId?: string;
}

/** A task to create; the store fills id, timestamps, state `pending`, progress 0. */
export type NewTask = Pick<Task, 'name' | 'mode' | 'config'>;

/** Fields of a task that {@link Storage.updateTask} may change. */
export type TaskPatch = Partial<
  Pick<Task, 'state' | 'progress' | 'error' | 'owner' | 'modelId' | 'startedAt' | 'finishedAt'>
>;

/** Fields of a dataset that {@link Storage.updateDataset} may change. */
export type DatasetPatch = Partial<Pick<Dataset, 'status' | 'reason' | 'file' | 'counts' | 'description'>>;

/** A dataset to create; the store fills timestamps. The id is given so files can be placed before the row exists. */
export type NewDataset = Pick<Dataset, 'id' | 'name' | 'description'>;

/** A model to register. */
export type NewModel = Omit<Model, 'createdAt' | 'isDefault'> & { readonly isDefault?: boolean };

/** A key to store; only the token's hash is given. */
export type NewApiKey = Pick<ApiKey, 'name' | 'role' | 'hash'>;

/**
 * Decides what an interrupted task (left `running` or `cancelling` by a crash) becomes on restart:
 * `paused` when the runner has a checkpoint to resume from, `failed` otherwise.
 */
export type RecoveryDecision = (task: Task) => 'paused' | 'failed' | Promise<'paused' | 'failed'>;

/**
 * Persistent state of the server. Every method is async so network databases fit; every record read back is
 * validated with its zod schema. Mutations that race (`claimTask`, `updateTask` with `ifState`) are
 * compare-and-set: in PostgreSQL they map to `UPDATE ... WHERE state = ANY($n) RETURNING *` or
 * `SELECT ... FOR UPDATE` inside a transaction.
 */
export interface Storage {
  createTask(task: NewTask): Promise<Task>;
  /** The task, or `undefined`. */
  getTask(id: string): Promise<Task | undefined>;
  listTasks(query?: TaskQuery): Promise<Page<Task>>;
  /**
   * Applies `patch` (bumping `updatedAt`). With `ifState`, only when the current state is one of them;
   * returns `undefined` when the task is missing or the state did not match (nothing changed).
   */
  updateTask(id: string, patch: TaskPatch, ifState?: readonly TaskState[]): Promise<Task | undefined>;
  /** Takes ownership of a `queued` task nobody owns (or `owner` already owns); `undefined` when taken or gone. */
  claimTask(id: string, owner: string): Promise<Task | undefined>;
  /** Deletes a task with its logs and metrics; false when missing. */
  deleteTask(id: string): Promise<boolean>;
  /** Appends log lines; returns them with their cursors. Throws NOT_FOUND for an unknown task. */
  appendTaskLogs(
    taskId: string,
    lines: readonly Pick<TaskLogEntry, 'level' | 'message'>[],
  ): Promise<TaskLogEntry[]>;
  /** Log lines with a cursor greater than `after` (default 0), oldest first, at most `limit` (default 200). */
  readTaskLogs(taskId: string, after?: number, limit?: number): Promise<TaskLogEntry[]>;
  /** Records (or replaces) one epoch's metrics. Throws NOT_FOUND for an unknown task. */
  recordTaskMetric(taskId: string, epoch: number, values: Record<string, number>): Promise<TaskMetric>;
  /** Every recorded epoch, in epoch order. */
  listTaskMetrics(taskId: string): Promise<TaskMetric[]>;
  /**
   * Takes tasks a crash left `queued`, `running` or `cancelling` out of those states with a reason, as
   * `recoveryPatch` says (running -> failed, or paused when `decide` says so; queued -> pending;
   * cancelling -> cancelled). Returns the tasks changed.
   */
  recoverInterruptedTasks(decide?: RecoveryDecision): Promise<Task[]>;

  createDataset(dataset: NewDataset): Promise<Dataset>;
  getDataset(id: string): Promise<Dataset | undefined>;
  listDatasets(query?: PageQuery & { readonly status?: Dataset['status'] }): Promise<Page<Dataset>>;
  updateDataset(id: string, patch: DatasetPatch): Promise<Dataset | undefined>;
  deleteDataset(id: string): Promise<boolean>;

  /** Registers a model; the first model, or one with `isDefault`, becomes the only default. */
  putModel(model: NewModel): Promise<Model>;
  /** The model with this id or alias. */
  getModel(idOrAlias: string): Promise<Model | undefined>;
  getDefaultModel(): Promise<Model | undefined>;
  listModels(query?: PageQuery): Promise<Page<Model>>;
  /** Makes this model the only default, atomically. Throws NOT_FOUND for an unknown id. */
  setDefaultModel(id: string): Promise<Model>;
  /** Deletes a model; when it was the default, the newest remaining model becomes default. */
  deleteModel(id: string): Promise<boolean>;

  createKey(key: NewApiKey): Promise<ApiKey>;
  getKey(id: string): Promise<ApiKey | undefined>;
  /** The non-revoked key whose token hashes to `hash`. */
  findKeyByHash(hash: string): Promise<ApiKey | undefined>;
  listKeys(query?: PageQuery): Promise<Page<ApiKey>>;
  /** Revokes a key; returns it, or `undefined` when missing. Idempotent. */
  revokeKey(id: string): Promise<ApiKey | undefined>;
  /** Records a use of the key. */
  touchKey(id: string, at?: Date): Promise<void>;
  /** Number of keys that are not revoked. */
  countActiveKeys(): Promise<number>;

  /** Releases the connection; later calls fail. Idempotent. */
  close(): Promise<void>;
}
