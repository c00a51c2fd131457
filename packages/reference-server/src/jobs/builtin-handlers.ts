/** The job kinds every worker knows: `train` (the SDK trainer, or a stand-in for queue tests) and `score-chunk`. */
import type { JobContext, JobHandler, JobHandlers } from './job.js';
import { scoreChunk } from './batch/score-chunk.js';
import { createSdkTrainingHandler, type SdkTrainingHandlerOptions } from './sdk-training.js';
import { standInTraining } from './stand-in-training.js';

/**
 * The `train` handler: jobs that carry a `trainingConfig` train with the SDK's TrainingJob; others run the
 * stand-in (steps, checkpoints, metrics, no model), which the queue tests and demos use.
 */
export function trainHandler(options: SdkTrainingHandlerOptions = {}): JobHandler {
  const sdk = createSdkTrainingHandler(options);
  return async (ctx: JobContext) => {
    const data = ctx.data as { trainingConfig?: unknown } | null;
    return data && typeof data === 'object' && data.trainingConfig !== undefined
      ? sdk(ctx as JobContext<never>)
      : standInTraining(ctx as JobContext<never>);
  };
}

/** Built-in handlers with options for the trainer (e.g. registering trained models in the shared store). */
export function createBuiltinJobHandlers(options: SdkTrainingHandlerOptions = {}): JobHandlers {
  return { train: trainHandler(options), 'score-chunk': scoreChunk };
}

/** Handlers loaded by job threads and `compass-worker` unless another handlers module is given. */
export const builtinJobHandlers: JobHandlers = createBuiltinJobHandlers();

/** Same as {@link builtinJobHandlers}, under the name handler modules export. */
export const jobHandlers = builtinJobHandlers;
