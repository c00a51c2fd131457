/** Starts one job thread on `thread-entry` through the SDK's one worker bootstrap (built entry, or source in dev). */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '@compass/sdk/engine';
import { moduleUrl } from './module-url.js';

/** The job thread entry: beside the bundle (or under `jobs/`) when built, `thread-entry.ts` from source. */
const JOB_THREAD = {
  built: ['./thread-entry.js', './jobs/thread-entry.js'],
  source: './thread-entry.ts',
} as const;

/** A new worker thread running `thread-entry`, loading handlers from `handlersModule` (default: the built-ins). */
export function startJobThread(handlersModule?: string): Worker {
  return startModuleWorker(moduleUrl(), JOB_THREAD, { workerData: { handlersModule } });
}
