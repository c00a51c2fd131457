/** Task lifecycle: applies the state machine to stored tasks and drives the TaskRunner. */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { NotFoundError, ServerError, isServerError } from '../errors.js';
import { type Task, type TaskState } from '../storage/records.js';
import { type Storage, type TaskPatch } from '../storage/storage.js';
import { checkTaskInit } from './task-init-model.js';
import { type CreateTaskBody, resolveTaskConfig } from './modes.js';
import { type RunContext, type TaskRunner } from './runner.js';
import { ACTIVE_STATES, type TaskEvent, requireTransition } from './state-machine.js';

/** Called after every state change, e.g. to count training jobs by state in Prometheus. */
export type TransitionListener = (task: Task, from: TaskState) => void;

/** Options of {@link TaskService}. */
export interface TaskServiceOptions {
  /** Name this process claims tasks under (default: a random id). */
  readonly owner?: string;
  readonly onTransition?: TransitionListener;
  /** How long `delete` waits for a stopped run to end (default 10 s). */
  readonly stopWaitMs?: number;
}

/**
 * Creates tasks and moves them through the state machine, calling the runner for start, pause, resume and stop.
 * Each transition is a compare-and-set on the stored state, so concurrent requests cannot both win.
 */
export class TaskService {
  private readonly owner: string;
  private readonly controllers = new Map<string, AbortController>();
  /**
   * Emits `change` with a task id after each state change, log line or epoch this service writes, so event streams
   * wake at once instead of waiting for their next poll of the store.
   */
  readonly changes = new EventEmitter().setMaxListeners(0);

  constructor(
    private readonly storage: Storage,
    private readonly runner: TaskRunner,
    private readonly options: TaskServiceOptions = {},
  ) {
    this.owner = options.owner ?? `server-${randomUUID()}`;
  }

  /**
   * Creates a pending task with the mode's preset overridden by the body's fields. `config.init` must name a
   * registered model of the task's architecture (and a `gign` task must name one): 422 VALIDATION_FAILED otherwise.
   */
  async create(body: CreateTaskBody): Promise<Task> {
    const config = resolveTaskConfig(body.mode, body.config);
    await checkTaskInit(this.storage, config);
    return this.storage.createTask({ name: body.name, mode: body.mode, config });
  }

  /** The task, or NOT_FOUND. */
  async get(id: string): Promise<Task> {
    const task = await this.storage.getTask(id);
    if (!task) throw new NotFoundError('task', id);
    return task;
  }

  /** Applies `event` to the stored task (re-reading if another writer got there first). */
  async transition(id: string, event: TaskEvent, patch: TaskPatch = {}): Promise<Task> {
    for (let attempt = 0; ; attempt++) {
      const task = await this.get(id);
      const state = requireTransition(task.state, event);
      const updated = await this.storage.updateTask(id, { ...patch, state }, [task.state]);
      if (updated) {
        if (updated.state !== task.state) this.options.onTransition?.(updated, task.state);
        this.changes.emit('change', id);
        return updated;
      }
      if (attempt >= 3) throw new ServerError('CONFLICT', `task ${id} changed concurrently; try again`);
    }
  }

  /** pending -> queued -> running; a runner that cannot train returns the task to pending and the error to the caller. */
  async start(id: string): Promise<Task> {
    await this.transition(id, 'start');
    const claimed = await this.storage.claimTask(id, this.owner);
    if (!claimed) throw new ServerError('CONFLICT', `task ${id} was claimed by another server`);
    const running = await this.transition(id, 'began', { startedAt: new Date().toISOString(), error: null });
    try {
      await this.runner.start(running, this.context(id));
    } catch (e) {
      this.controllers.delete(id);
      if (isServerError(e) && e.code === 'TRAINER_UNAVAILABLE') {
        await this.transition(id, 'reject', { owner: null, startedAt: null });
        throw e;
      }
      return this.transition(id, 'fail', {
        error: describe(e),
        finishedAt: new Date().toISOString(),
        owner: null,
      });
    }
    return this.get(id);
  }

  /** running -> paused, once the runner has paused; idempotent for a paused task. */
  async pause(id: string): Promise<Task> {
    const task = await this.get(id);
    if (requireTransition(task.state, 'pause') === task.state) return task;
    await this.runner.pause(task);
    return this.transition(id, 'pause');
  }

  /** paused -> running; idempotent for a running task. */
  async resume(id: string): Promise<Task> {
    const task = await this.get(id);
    if (requireTransition(task.state, 'resume') === task.state) return task;
    await this.runner.resume(task, this.context(id));
    // The reason it was paused (a restart, say) no longer describes it.
    return this.transition(id, 'resume', { error: null });
  }

  /** Stops a task; idempotent for tasks already cancelling or cancelled. */
  async stop(id: string): Promise<Task> {
    const task = await this.get(id);
    const next = requireTransition(task.state, 'stop');
    if (next === task.state) return task;
    const finished = next === 'cancelled' ? { finishedAt: new Date().toISOString(), owner: null } : {};
    const updated = await this.transition(id, 'stop', finished);
    if (task.state !== 'pending') await this.runner.stop(task);
    if (next === 'cancelled') this.controllers.get(id)?.abort();
    return updated;
  }

  /**
   * Deletes a task, stopping it first: a queued, running or paused task is stopped and, once its runner has
   * stopped (at most `stopWaitMs`, default 10 s), deleted with its logs and metrics. CONFLICT when it is still
   * stopping after that wait.
   */
  async delete(id: string): Promise<void> {
    let task = await this.get(id);
    if (ACTIVE_STATES.includes(task.state) || task.state === 'paused') {
      task = await this.stop(id);
      const until = Date.now() + (this.options.stopWaitMs ?? 10_000);
      while (ACTIVE_STATES.includes(task.state) && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 25));
        task = await this.get(id);
      }
      if (ACTIVE_STATES.includes(task.state)) {
        throw new ServerError('CONFLICT', `task ${id} is still ${task.state}; try again`, {
          details: { state: task.state },
        });
      }
    }
    await this.storage.deleteTask(id);
    this.changes.emit('change', id);
  }

  /** Aborts every run this service started (server shutdown). */
  shutdown(): void {
    for (const c of this.controllers.values()) c.abort();
    this.controllers.clear();
  }

  private context(id: string): RunContext {
    const controller = new AbortController();
    this.controllers.set(id, controller);
    const end = async (event: TaskEvent, patch: TaskPatch): Promise<void> => {
      this.controllers.delete(id);
      await this.transition(id, event, { ...patch, owner: null, finishedAt: new Date().toISOString() });
    };
    return {
      signal: controller.signal,
      report: {
        log: async (level, message) => {
          await this.storage.appendTaskLogs(id, [{ level, message }]);
          this.changes.emit('change', id);
        },
        epoch: async (epoch, values, progress) => {
          await this.storage.recordTaskMetric(id, epoch, values);
          await this.storage.updateTask(id, { progress: Math.min(1, Math.max(0, progress)) });
          this.changes.emit('change', id);
        },
        succeeded: (modelId) => end('succeed', { modelId, progress: 1, error: null }),
        failed: (reason) => end('fail', { error: reason }),
        stopped: () => end('stopped', {}),
      },
    };
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
