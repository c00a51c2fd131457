/** Waits for a job to reach a final state, for any JobQueue: listens for its `end` event, then reads it back. */
import { ScaleError } from './errors.js';
import { FINAL_JOB_STATES, type JobEvent, type JobInfo, type JobQueue } from './job.js';

/** Resolves with the job once final; JOB_NOT_FOUND for an unknown id, JOB_TIMEOUT after `timeoutMs`. */
export async function waitForJob(queue: JobQueue, id: string, timeoutMs = 600_000): Promise<JobInfo> {
  let listener: ((e: JobEvent) => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const ended = new Promise<void>((resolve, reject) => {
    listener = (e) => {
      if (e.jobId === id && e.type === 'end') resolve();
    };
    queue.on('event', listener);
    timer = setTimeout(
      () => reject(new ScaleError('JOB_TIMEOUT', `job ${id} did not finish within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    // Checked after subscribing, so an end that lands in between is not missed.
    for (;;) {
      const info = await queue.get(id);
      if (!info) throw new ScaleError('JOB_NOT_FOUND', `job ${id} not found`, { details: { id } });
      if (FINAL_JOB_STATES.includes(info.state)) return info;
      await Promise.race([ended, new Promise((r) => setTimeout(r, 500))]);
    }
  } finally {
    if (listener) queue.off('event', listener);
    clearTimeout(timer);
  }
}
