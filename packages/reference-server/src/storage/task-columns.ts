/** Column of each updatable task field: one SQL schema naming for the SQLite and PostgreSQL stores. */
import type { TaskPatch } from './storage.js';

/** SQL column of each field a task patch may set. */
export const TASK_COLUMNS: Readonly<Record<keyof TaskPatch, string>> = {
  state: 'state',
  progress: 'progress',
  error: 'error',
  owner: 'owner',
  modelId: 'model_id',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
};
