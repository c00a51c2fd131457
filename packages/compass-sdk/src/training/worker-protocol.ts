/** Messages between a {@link TrainingJob} and its training worker thread. */
import type { RunEvent, TrainingResult } from './events.js';
import type { RunTrainingOptions } from './run-training.js';

/** Host to worker. */
export type TrainingWorkerRequest =
  | { readonly type: 'start'; readonly options: RunTrainingOptions }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'stop' };

/** Worker to host. */
export type TrainingWorkerReply =
  | { readonly type: 'event'; readonly event: RunEvent }
  | { readonly type: 'done'; readonly result: TrainingResult }
  | { readonly type: 'stopped'; readonly step: number; readonly checkpoint: string }
  | {
      readonly type: 'error';
      readonly code: string;
      readonly message: string;
      readonly details?: Readonly<Record<string, unknown>>;
    };
