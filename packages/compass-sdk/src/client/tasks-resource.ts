/** `client.tasks`: create, list, get, delete, logs, metrics, actions and the live event stream of training tasks. */
import { z } from 'zod';
import { readEventStream, type EventStreamOptions, type ServerEvent } from './event-stream.js';
import type { CallOptions, HttpCore } from './http-core.js';
import { paginate, type Page } from './paginate.js';
import {
  remotePageSchema,
  remoteTaskLogSchema,
  remoteTaskMetricSchema,
  remoteTaskSchema,
  type RemoteTask,
  type RemoteTaskLog,
  type RemoteTaskMetric,
  type RemoteTaskMode,
  type RemoteTaskState,
} from './schemas.js';

/** Body of a task creation: fields not given keep the mode's preset. */
export interface CreateTaskInput {
  readonly name: string;
  readonly mode?: RemoteTaskMode;
  readonly config?: {
    readonly epochs?: number;
    readonly batchSize?: number;
    readonly learningRate?: number;
    readonly optimiser?: 'adam' | 'adamw' | 'sgd';
    readonly datasetId?: string;
    readonly description?: string;
    readonly model?: Readonly<Record<string, number>>;
  };
}

/** Filters of the task list. */
export interface TaskListQuery {
  readonly state?: RemoteTaskState | readonly RemoteTaskState[];
  readonly mode?: RemoteTaskMode;
  readonly datasetId?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

/** States in which a task will not change any more. */
export const FINAL_TASK_STATES: readonly RemoteTaskState[] = ['cancelled', 'succeeded', 'failed'];

const taskPage = remotePageSchema(remoteTaskSchema);
const logPage = z.object({ items: z.array(remoteTaskLogSchema), nextCursor: z.number() });
const metricList = z.object({ items: z.array(remoteTaskMetricSchema) });
const enc = encodeURIComponent;

/** The training task routes. */
export class TasksResource {
  readonly #core: HttpCore;
  constructor(core: HttpCore) {
    this.#core = core;
  }

  /** Creates a task (`POST /api/v1/tasks`); not retried. */
  create(input: CreateTaskInput, options?: CallOptions): Promise<RemoteTask> {
    return this.#core.json({ method: 'POST', path: '/api/v1/tasks', json: input }, remoteTaskSchema, options);
  }

  /** One page of tasks, newest first. */
  list(query: TaskListQuery = {}, options?: CallOptions): Promise<Page<RemoteTask>> {
    const state = Array.isArray(query.state) ? query.state.join(',') : (query.state as string | undefined);
    return this.#core.json(
      { method: 'GET', path: '/api/v1/tasks', query: { ...query, state } },
      taskPage,
      options,
    );
  }

  /** Every task matching `query`, page by page. */
  iterate(query: Omit<TaskListQuery, 'cursor'> = {}, options?: CallOptions): AsyncGenerator<RemoteTask> {
    return paginate((cursor) => this.list({ ...query, ...(cursor ? { cursor } : {}) }, options));
  }

  /** One task. */
  get(id: string, options?: CallOptions): Promise<RemoteTask> {
    return this.#core.json({ method: 'GET', path: `/api/v1/tasks/${enc(id)}` }, remoteTaskSchema, options);
  }

  /** Deletes a finished task. */
  delete(id: string, options?: CallOptions): Promise<void> {
    return this.#core.empty({ method: 'DELETE', path: `/api/v1/tasks/${enc(id)}` }, options);
  }

  /** Starts a pending task. */
  start(id: string, options?: CallOptions): Promise<RemoteTask> {
    return this.#action(id, 'start', options);
  }
  /** Pauses a running task at its next checkpoint. */
  pause(id: string, options?: CallOptions): Promise<RemoteTask> {
    return this.#action(id, 'pause', options);
  }
  /** Resumes a paused task. */
  resume(id: string, options?: CallOptions): Promise<RemoteTask> {
    return this.#action(id, 'resume', options);
  }
  /** Stops a task (idempotent on the server, so it is retried). */
  stop(id: string, options?: CallOptions): Promise<RemoteTask> {
    return this.#action(id, 'stop', options, true);
  }

  /** Log lines after `after` (a cursor); pass the returned `nextCursor` back to continue. */
  logs(
    id: string,
    query: { after?: number; limit?: number } = {},
    options?: CallOptions,
  ): Promise<{ items: RemoteTaskLog[]; nextCursor: number }> {
    return this.#core.json({ method: 'GET', path: `/api/v1/tasks/${enc(id)}/logs`, query }, logPage, options);
  }

  /** Every log line from `after` on, page by page (stops at the current end). */
  async *iterateLogs(id: string, after = 0, options?: CallOptions): AsyncGenerator<RemoteTaskLog> {
    for (let cursor = after; ;) {
      const page = await this.logs(id, { after: cursor, limit: 1000 }, options);
      yield* page.items;
      if (page.items.length === 0 || page.nextCursor === cursor) return;
      cursor = page.nextCursor;
    }
  }

  /** Metrics history, one entry per epoch. */
  async metrics(id: string, options?: CallOptions): Promise<RemoteTaskMetric[]> {
    return (
      await this.#core.json({ method: 'GET', path: `/api/v1/tasks/${enc(id)}/metrics` }, metricList, options)
    ).items;
  }

  /**
   * The live stream of a task (`GET /api/v1/tasks/:id/events`): `state`, `progress`, `log`, `metrics` and a
   * final `end` event. Reconnects with `Last-Event-ID` after a drop.
   */
  events(id: string, options?: EventStreamOptions): AsyncGenerator<ServerEvent> {
    return readEventStream(this.#core, `/api/v1/tasks/${enc(id)}/events`, options);
  }

  /** Polls until the task reaches a final state (or `until` returns true); resolves with the last task seen. */
  async waitFor(
    id: string,
    options: CallOptions & { intervalMs?: number; until?: (task: RemoteTask) => boolean } = {},
  ): Promise<RemoteTask> {
    const until = options.until ?? ((t: RemoteTask) => FINAL_TASK_STATES.includes(t.state));
    for (;;) {
      const task = await this.get(id, options);
      if (until(task)) return task;
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
      options.signal?.throwIfAborted();
    }
  }

  #action(
    id: string,
    name: 'start' | 'pause' | 'resume' | 'stop',
    options?: CallOptions,
    idempotent = false,
  ): Promise<RemoteTask> {
    return this.#core.json(
      { method: 'POST', path: `/api/v1/tasks/${enc(id)}/${name}`, idempotent },
      remoteTaskSchema,
      options,
    );
  }
}
