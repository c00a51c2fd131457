/** The job kinds every worker knows: `train` (the SDK trainer) and `score-chunk`. */
import { ScaleError } from './errors.js';
import type { JobContext, JobHandler, JobHandlers } from './job.js';
import { scoreChunk } from './batch/score-chunk.js';
import { createSdkTrainingHandler, type SdkTrainingHandlerOptions } from './sdk-training.js';

/**
 * The `train` handler: trains with the SDK's TrainingJob. A job without a `trainingConfig` fails with
 * JOB_INPUT_INVALID rather than running anything else, so a misconfigured server never reports a fake run.
 */
export function trainHandler(options: SdkTrainingHandlerOptions = {}): JobHandler {
  const sdk = createSdkTrainingHandler(options);
  return async (ctx: JobContext) => {
    const data = ctx.data as { trainingConfig?: unknown } | null;
    if (!data || typeof data !== 'object' || data.trainingConfig === undefined)
      throw new ScaleError(
        'JOB_INPUT_INVALID',
        'a train job needs the SDK training input (taskId, trainingConfig, dataset; see sdkTrainingSchema), ' +
          'and this one has no trainingConfig',
      );
    return sdk(ctx as JobContext<never>);
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
