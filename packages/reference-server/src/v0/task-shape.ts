/** Our tasks as the v0 `TrainingTask`: status words, the v0 config keys and the progress dict the pages read. */
import { naiveIso } from '@compass/registry-sdk';
import { type Task, type TaskMetric, type TaskState } from '../storage/records.js';
import { v0ConfigOf, type V0ConfigOut } from './training-config.js';

/** The v0 status words of a training task. */
export type V0TaskStatus =
  | 'creating'
  | 'initializing'
  | 'pending'
  | 'running'
  | 'cancelling'
  | 'paused'
  | 'completed'
  | 'failed'
  | 'cancelled';

/** Our state to the v0 word: `queued` (claimed, not yet training) is v0 `initializing`, `succeeded` is `completed`. */
export const V0_TASK_STATUS: Readonly<Record<TaskState, V0TaskStatus>> = {
  pending: 'pending',
  queued: 'initializing',
  running: 'running',
  paused: 'paused',
  cancelling: 'cancelling',
  cancelled: 'cancelled',
  succeeded: 'completed',
  failed: 'failed',
};

/** The v0 progress dict. */
export interface V0Progress {
  readonly stage: string;
  readonly progress: number;
  readonly message: string;
  readonly cancelled: boolean;
  readonly data_processing: { completed: number; total: number; percentage: number };
  readonly training: {
    current_epoch: number;
    total_epochs: number;
    current_batch: number | null;
    total_batches: number | null;
    train_loss: number | null;
    val_loss: number | null;
    epoch_progress: number;
  };
  readonly elapsed_time: number;
  readonly last_update: string;
}

/** The v0 `TrainingTask` record. */
export interface V0TrainingTask {
  readonly task_id: string;
  readonly status: V0TaskStatus;
  readonly config: V0ConfigOut;
  readonly created_at: string;
  readonly updated_at: string;
  readonly started_at: string | null;
  readonly completed_at: string | null;
  readonly progress: V0Progress;
  readonly error: string | null;
  readonly description: string | null;
}

/** Our ISO-8601 UTC timestamp (`...Z`) as a v0 naive one. */
export const naiveOf = (iso: string): string => naiveIso(Date.parse(iso));

const STAGE: Readonly<Record<TaskState, string>> = {
  pending: 'pending',
  queued: 'initializing',
  running: 'training',
  paused: 'paused',
  cancelling: 'cancelling',
  cancelled: 'cancelled',
  succeeded: 'completed',
  failed: 'failed',
};

function lossOf(values: Record<string, number> | undefined, keys: readonly string[]): number | null {
  for (const k of keys) if (values && typeof values[k] === 'number') return values[k];
  return null;
}

/**
 * The progress dict from the task and its epoch metrics. `current_epoch` counts completed epochs. We record no
 * batch counters, so `current_batch` and `total_batches` are null and `epoch_progress` is 1 once an epoch has been
 * reported; data processing happens inside the run, so it reads complete once the task started.
 */
export function v0ProgressOf(task: Task, metrics: readonly TaskMetric[], now: number): V0Progress {
  const last = metrics.at(-1);
  const total = task.config.epochs;
  // Stored epochs are the trainer's, counted from 0; v0 shows how many have completed.
  const current = last ? last.epoch + 1 : 0;
  const started = task.startedAt !== null;
  const end = task.finishedAt ? Date.parse(task.finishedAt) : now;
  const message =
    task.error ??
    (task.state === 'running' ? `Epoch ${current}/${total}` : `Task ${V0_TASK_STATUS[task.state]}`);
  return {
    stage: STAGE[task.state],
    progress: task.progress,
    message,
    cancelled: task.state === 'cancelling' || task.state === 'cancelled',
    data_processing: { completed: started ? 1 : 0, total: 1, percentage: started ? 100 : 0 },
    training: {
      current_epoch: current,
      total_epochs: total,
      current_batch: null,
      total_batches: null,
      train_loss: lossOf(last?.values, ['trainLoss', 'loss']),
      val_loss: lossOf(last?.values, ['validation.loss', 'valLoss', 'validation.rmse']),
      // Epochs are reported when they end: the last one reported is complete (no batch counters).
      epoch_progress: current === 0 ? 0 : 1,
    },
    elapsed_time: started ? Math.max(0, (end - Date.parse(task.startedAt as string)) / 1000) : 0,
    last_update: naiveOf(task.updatedAt),
  };
}

/** The task as a v0 `TrainingTask`. */
export function toV0Task(task: Task, metrics: readonly TaskMetric[], now = Date.now()): V0TrainingTask {
  return {
    task_id: task.id,
    status: V0_TASK_STATUS[task.state],
    config: v0ConfigOf(task),
    created_at: naiveOf(task.createdAt),
    updated_at: naiveOf(task.updatedAt),
    started_at: task.startedAt ? naiveOf(task.startedAt) : null,
    completed_at: task.finishedAt ? naiveOf(task.finishedAt) : null,
    progress: v0ProgressOf(task, metrics, now),
    error: task.error,
    description: task.config.description ?? null,
  };
}
