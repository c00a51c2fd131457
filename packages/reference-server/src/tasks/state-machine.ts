/** The task state machine: one table of allowed transitions, pure and shared by routes, service and runner events. */
import { InvalidTransitionError } from '../errors.js';
import { type TaskState } from '../storage/records.js';

/** What users ask (start, pause, resume, stop) and what runners report (began, succeed, fail, stopped). */
export type TaskEvent =
  'start' | 'reject' | 'began' | 'pause' | 'resume' | 'stop' | 'stopped' | 'succeed' | 'fail';

/**
 * For each state, the events it accepts and the state each leads to. `stop` on `cancelling` and `cancelled`
 * maps to itself so stopping is idempotent; `reject` returns a task to pending when the runner refused to start it.
 */
export const TRANSITIONS: Readonly<Record<TaskState, Partial<Record<TaskEvent, TaskState>>>> = {
  pending: { start: 'queued', stop: 'cancelled' },
  queued: { reject: 'pending', began: 'running', stop: 'cancelled', fail: 'failed' },
  running: {
    reject: 'pending',
    pause: 'paused',
    resume: 'running',
    stop: 'cancelling',
    stopped: 'cancelled',
    succeed: 'succeeded',
    fail: 'failed',
  },
  paused: { pause: 'paused', resume: 'running', stop: 'cancelled', fail: 'failed' },
  cancelling: { stop: 'cancelling', stopped: 'cancelled', succeed: 'cancelled', fail: 'failed' },
  cancelled: { stop: 'cancelled' },
  succeeded: {},
  failed: {},
};

/** States after which nothing more happens to a task. */
export const TERMINAL_STATES: readonly TaskState[] = ['cancelled', 'succeeded', 'failed'];

/** States in which a runner holds the task (it may not be deleted). */
export const ACTIVE_STATES: readonly TaskState[] = ['queued', 'running', 'cancelling'];

/** The state `event` leads to from `state`, or `undefined` when the table does not allow it. */
export function nextState(state: TaskState, event: TaskEvent): TaskState | undefined {
  return TRANSITIONS[state][event];
}

/** Like {@link nextState} but throws INVALID_TRANSITION (409) when not allowed. */
export function requireTransition(state: TaskState, event: TaskEvent): TaskState {
  const next = nextState(state, event);
  if (next === undefined) throw new InvalidTransitionError(state, event);
  return next;
}

/** Every state from which `event` is allowed, for compare-and-set updates. */
export function statesAccepting(event: TaskEvent): TaskState[] {
  return (Object.keys(TRANSITIONS) as TaskState[]).filter((s) => TRANSITIONS[s][event] !== undefined);
}
