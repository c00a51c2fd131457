/** Opens the engines the server's `--store` and `--queue` options name, for the server CLI to pass to startServer. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Storage } from '../storage/storage.js';
import { createStorage } from '../storage/postgres/create-storage.js';
import type { TaskRunner } from '../tasks/runner.js';
import { BullJobQueue } from './bull/bull-job-queue.js';
import type { JobQueue } from './job.js';
import { QueueTaskRunner } from './queue-task-runner.js';

/** Options of {@link openScaleEngines}: absent URLs keep the embedded defaults. */
export interface ScaleEngineOptions {
  /** `postgres://...` or `sqlite:PATH`; absent: the server's own SQLite file. */
  readonly store?: string;
  /** `redis://...`; absent: training runs in this process. */
  readonly queue?: string;
  readonly queueName?: string;
  /** The server's data directory: queued training jobs name datasets under it (needed with `queue`). */
  readonly dataDir?: string;
}

/** What {@link openScaleEngines} opened; pass `storage` and `runner` to startServer, call `close` after the server's. */
export interface ScaleEngines {
  readonly storage?: Storage;
  readonly runner?: TaskRunner;
  readonly queue?: JobQueue;
  close(): Promise<void>;
}

/**
 * Opens the shared store and the Redis job queue when configured. Configuration only switches engines: the
 * server is the same either way.
 *
 * @example
 * const engines = await openScaleEngines({ store: opts.store, queue: opts.queue, dataDir });
 * const server = await startServer({ dataDir, ...engines });
 */
export async function openScaleEngines(options: ScaleEngineOptions): Promise<ScaleEngines> {
  if (options.queue && !/^rediss?:\/\//i.test(options.queue))
    throw new Error(`--queue expects a redis:// URL, got ${options.queue}`);
  if (options.queue && options.dataDir === undefined)
    throw new Error('a --queue needs the data directory its training jobs read datasets from');
  // With a queue the runner looks tasks' datasets up, so it needs the store the server will use: the embedded
  // SQLite file by default, opened here once and handed to the server.
  const storeUrl =
    options.store ?? (options.queue ? `sqlite:${join(options.dataDir as string, 'compass.db')}` : undefined);
  if (!options.store && options.queue) await mkdir(options.dataDir as string, { recursive: true });
  const storage = storeUrl ? await createStorage(storeUrl) : undefined;
  let queue: JobQueue | undefined;
  try {
    if (options.queue) {
      queue = await BullJobQueue.open(
        options.queue,
        options.queueName ? { queueName: options.queueName } : {},
      );
    }
  } catch (e) {
    await storage?.close();
    throw e;
  }
  return {
    ...(storage ? { storage } : {}),
    ...(queue && storage
      ? { queue, runner: new QueueTaskRunner(queue, { dataDir: options.dataDir as string, storage }) }
      : {}),
    close: async () => {
      await queue?.close();
    },
  };
}
