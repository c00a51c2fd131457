/** Picks the job engine from configuration: no URL runs jobs in threads of this process, `redis://` uses BullMQ. */
import { BullJobQueue } from './bull/bull-job-queue.js';
import { InProcessJobQueue } from './in-process-queue.js';
import type { JobQueue } from './job.js';

/** Options of {@link createJobQueue}. */
export interface CreateJobQueueOptions {
  /** `redis://host:port` for BullMQ; absent or `in-process` for worker threads of this process. */
  readonly url?: string;
  /** Shared data directory (in-process handlers read and write here; workers get theirs with `--data-dir`). */
  readonly dataDir: string;
  readonly queueName?: string;
  /** In-process only: threads (default cores - 1). */
  readonly threads?: number;
}

/**
 * Opens the job queue configuration names; nothing else in the server changes with the engine.
 *
 * @example
 * const queue = await createJobQueue({ url: process.env.COMPASS_QUEUE, dataDir });
 */
export async function createJobQueue(options: CreateJobQueueOptions): Promise<JobQueue> {
  const url = options.url;
  if (url && /^rediss?:\/\//i.test(url)) {
    return BullJobQueue.open(url, options.queueName ? { queueName: options.queueName } : {});
  }
  if (url && url !== 'in-process')
    throw new Error(`unsupported queue URL ${url} (expected redis://... or in-process)`);
  return new InProcessJobQueue({
    dataDir: options.dataDir,
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
  });
}
