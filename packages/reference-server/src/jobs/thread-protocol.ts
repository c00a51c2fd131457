/** Messages between the in-process job queue and its worker threads. */
import type { AttemptInfo, AttemptOutcome } from './job-context.js';
import type { JobControl, JobEvent } from './job.js';

/** Main thread to job thread. */
export type ToThread =
  | { readonly type: 'run'; readonly info: AttemptInfo }
  | { readonly type: 'control'; readonly jobId: string; readonly action: JobControl };

/** Job thread to main thread. */
export type FromThread =
  | { readonly type: 'ready' }
  | { readonly type: 'event'; readonly event: JobEvent }
  | { readonly type: 'checkpoint'; readonly jobId: string; readonly state: unknown }
  | { readonly type: 'done'; readonly jobId: string; readonly outcome: AttemptOutcome }
  | { readonly type: 'error'; readonly jobId: string; readonly message: string };
