/** What restart recovery does to each task a crash interrupted; shared by every Storage implementation. */
import { type Task, type TaskState } from './records.js';
import { type RecoveryDecision, type TaskPatch } from './storage.js';

/** States a task can only be in while a live server holds it. */
export const INTERRUPTED_STATES: readonly TaskState[] = ['queued', 'running', 'cancelling'];

/**
 * The patch that takes an interrupted task out of its live state: `queued` back to `pending`, `cancelling` to
 * `cancelled`, `running` to `paused` when `decide` finds a checkpoint and `failed` otherwise, each with a reason.
 */
export async function recoveryPatch(task: Task, at: string, decide?: RecoveryDecision): Promise<TaskPatch> {
  switch (task.state) {
    case 'queued':
      return {
        state: 'pending',
        error: 'server restarted before the task began',
        owner: null,
        startedAt: null,
      };
    case 'cancelling':
      return {
        state: 'cancelled',
        error: 'server restarted while the task was being cancelled',
        owner: null,
        finishedAt: at,
      };
    default: {
      const outcome = (await decide?.(task)) ?? 'failed';
      return outcome === 'paused'
        ? {
            state: 'paused',
            error: 'server restarted while the task was running; paused at its last checkpoint',
            owner: null,
          }
        : {
            state: 'failed',
            error: 'server restarted while the task was running',
            owner: null,
            finishedAt: at,
          };
    }
  }
}
