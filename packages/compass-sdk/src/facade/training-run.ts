/** Remote training through the facade: upload the dataset, create and start a task, then follow or steer it. */
import type { CompassClient } from '../client/compass-client.js';
import { CompassHttpError } from '../client/errors.js';
import type { EventStreamOptions, ServerEvent } from '../client/event-stream.js';
import type { CallOptions, UploadProgress } from '../client/http-core.js';
import type { RemoteTask, RemoteTaskMode } from '../client/schemas.js';
import { FINAL_TASK_STATES, type CreateTaskInput } from '../client/tasks-resource.js';

/** Options of `compass.train`. */
export interface TrainOptions extends CallOptions {
  /** Task name (default: `train-<time>`). */
  readonly name?: string;
  /** A local dataset archive to upload, or the id of a dataset already on the server. */
  readonly dataset?: string | { readonly id: string };
  readonly mode?: RemoteTaskMode;
  /** Fields overriding the mode's preset. */
  readonly config?: Omit<NonNullable<CreateTaskInput['config']>, 'datasetId'>;
  /** Create the task without starting it. */
  readonly start?: boolean;
  readonly onUploadProgress?: (progress: UploadProgress) => void;
}

/** A training task being followed: its latest state and the actions on it. */
export interface TrainingRun {
  readonly id: string;
  /** The task as last seen. */
  readonly task: RemoteTask;
  /** Fetches the task again. */
  refresh(options?: CallOptions): Promise<RemoteTask>;
  /** The live event stream (`state`, `progress`, `log`, `metrics`, `end`). */
  events(options?: EventStreamOptions): AsyncGenerator<ServerEvent>;
  /** The task each time its state or progress changes, by polling, until a final state. */
  watch(options?: CallOptions & { intervalMs?: number }): AsyncGenerator<RemoteTask>;
  /** Resolves with the task in a final state (or when `until` holds). */
  wait(
    options?: CallOptions & { intervalMs?: number; until?: (t: RemoteTask) => boolean },
  ): Promise<RemoteTask>;
  pause(options?: CallOptions): Promise<RemoteTask>;
  resume(options?: CallOptions): Promise<RemoteTask>;
  stop(options?: CallOptions): Promise<RemoteTask>;
}

/** Uploads (when given a path), waits for the dataset to be ready, creates the task and starts it. */
export async function startTraining(client: CompassClient, options: TrainOptions): Promise<TrainingRun> {
  const call: CallOptions = options.signal ? { signal: options.signal } : {};
  let datasetId: string | undefined;
  if (typeof options.dataset === 'string') {
    const uploaded = await client.datasets.upload(options.dataset, {
      ...call,
      ...(options.onUploadProgress ? { onProgress: options.onUploadProgress } : {}),
    });
    const ready = await client.datasets.waitUntilProcessed(uploaded.id, call);
    if (ready.status !== 'ready')
      throw new CompassHttpError(
        422,
        'DATASET_INVALID',
        `dataset ${ready.id}: ${ready.reason ?? ready.status}`,
      );
    datasetId = ready.id;
  } else if (options.dataset) datasetId = options.dataset.id;
  let task = await client.tasks.create(
    {
      name: options.name ?? `train-${new Date().toISOString()}`,
      ...(options.mode ? { mode: options.mode } : {}),
      config: { ...options.config, ...(datasetId ? { datasetId } : {}) },
    },
    call,
  );
  if (options.start !== false) task = await client.tasks.start(task.id, call);
  const id = task.id;
  const keep = (t: RemoteTask) => {
    task = t;
    return t;
  };
  return {
    id,
    get task() {
      return task;
    },
    refresh: async (o) => keep(await client.tasks.get(id, o)),
    events: (o) => client.tasks.events(id, o),
    async *watch(o = {}) {
      let last = '';
      for (;;) {
        const t = keep(await client.tasks.get(id, o));
        const key = `${t.state}:${t.progress}`;
        if (key !== last) yield t;
        last = key;
        if (FINAL_TASK_STATES.includes(t.state)) return;
        await new Promise((r) => setTimeout(r, o.intervalMs ?? 200));
        o.signal?.throwIfAborted();
      }
    },
    wait: async (o) => keep(await client.tasks.waitFor(id, o)),
    pause: async (o) => keep(await client.tasks.pause(id, o)),
    resume: async (o) => keep(await client.tasks.resume(id, o)),
    stop: async (o) => keep(await client.tasks.stop(id, o)),
  };
}
