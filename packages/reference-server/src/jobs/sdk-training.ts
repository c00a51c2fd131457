/**
 * The `train` job body on the SDK's training entry points (createTaskTrainingJob, shared with the in-process
 * runner): the COMPASS ViSNet, RF-Score or GIGN fine-tuning as the job's `architecture` says. Control requests drive the trainer's own pause/resume/stop; the
 * trainer's atomic checkpoints under `<dataDir>/training/<taskId>` are what a retry resumes from.
 */
import { isAbsolute, join } from 'node:path';
import { type TrainingConfigInput, type TrainingState } from '@compass/sdk/engine';
import { z } from 'zod';
import { taskArchitectureSchema } from '../storage/records.js';
import { reportTrainingJob } from '../training/job-report.js';
import { createTaskTrainingJob, type TaskTrainingRun } from '../training/task-training-job.js';
import {
  sdkTrainingJobs,
  type TrainingJobFactory,
  type TrainingJobHandle,
} from '../training/training-job-factory.js';
import type { JobContext, JobHandler } from './job.js';

/** Input of an SDK training job. */
export const sdkTrainingSchema = z.object({
  taskId: z.string().regex(/^[\w-]{1,128}$/),
  /** A TrainingConfig for the SDK: an object here; its fields are validated by `TrainingJob.create`. */
  trainingConfig: z.custom<TrainingConfigInput>(
    (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    'trainingConfig must be an object (a TrainingConfig)',
  ),
  /** Dataset directory, absolute or relative to the data directory. */
  dataset: z.string().min(1),
  modelName: z.string().optional(),
  modelDescription: z.string().optional(),
  /** What to train (absent: the COMPASS ViSNet). */
  architecture: taskArchitectureSchema.optional(),
  /** Package folder of the model to start from, absolute or relative to the data directory. */
  init: z.string().min(1).optional(),
  dataName: z.string().optional(),
  rfScore: z.object({ trees: z.int().min(1).max(100_000) }).optional(),
  gign: z
    .object({ epochs: z.int().min(1), learningRate: z.number().positive(), batchSize: z.int().min(1) })
    .optional(),
  validFraction: z.number().min(0).max(1).optional(),
  /** Lines logged when the run starts. */
  notes: z.array(z.string()).optional(),
});

/** Input of an SDK training job. */
export type SdkTrainingData = z.infer<typeof sdkTrainingSchema>;

/** What an SDK training job returns. */
export interface SdkTrainingResult {
  readonly modelId: string | null;
  readonly modelDir: string;
  readonly epochsRun: number;
  readonly resumed: boolean;
}

/** Options of {@link createSdkTrainingHandler}. */
export interface SdkTrainingHandlerOptions {
  /** Where runs come from (default: the SDK's TrainingJob). */
  readonly jobs?: TrainingJobFactory;
  /** Registers the trained package (e.g. in the shared store) and returns its model id. */
  readonly registerModel?: (modelDir: string, ctx: JobContext<SdkTrainingData>) => Promise<string | null>;
  /** How often the handler passes its safe point while the trainer runs (default 200 ms). */
  readonly pollMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function untilState(
  job: TrainingJobHandle,
  states: readonly TrainingState[],
  ms: number,
): Promise<void> {
  const end = Date.now() + ms;
  while (!states.includes(job.state) && Date.now() < end) await sleep(25);
}

/**
 * A `train` handler on the SDK's TrainingJob. Logs, per-epoch metrics and progress are reported as the trainer
 * emits them (through the same adapter as the in-process runner, so the metric keys are the same); each trainer
 * checkpoint is recorded so a retry on another worker calls `TrainingJob.resumeFrom`.
 */
export function createSdkTrainingHandler(
  options: SdkTrainingHandlerOptions = {},
): JobHandler<SdkTrainingData, SdkTrainingResult> {
  const jobs = options.jobs ?? sdkTrainingJobs;
  return async (ctx) => {
    const d = sdkTrainingSchema.parse(ctx.data);
    const workDir = join(ctx.dataDir, 'training', d.taskId);
    // Only the ViSNet's TrainingJob writes checkpoints; RF-Score and GIGN runs start again on a retry.
    const resumed = (ctx.checkpoint as { workDir?: string } | undefined)?.workDir !== undefined;
    const abs = (p: string) => (isAbsolute(p) ? p : join(ctx.dataDir, p));
    const job = resumed
      ? await jobs.resumeFrom(workDir)
      : await createTaskTrainingJob(
          {
            architecture: d.architecture ?? 'compass-visnet',
            config: d.trainingConfig as TaskTrainingRun['config'],
            dataset: abs(d.dataset),
            workDir,
            notes: d.notes ?? [],
            ...(d.init !== undefined ? { init: abs(d.init) } : {}),
            ...(d.modelName ? { modelName: d.modelName } : {}),
            ...(d.modelDescription ? { modelDescription: d.modelDescription } : {}),
            ...(d.dataName !== undefined ? { dataName: d.dataName } : {}),
            ...(d.rfScore ? { rfScore: d.rfScore } : {}),
            ...(d.gign ? { gign: d.gign } : {}),
            ...(d.validFraction !== undefined ? { validFraction: d.validFraction } : {}),
          },
          jobs,
        );
    job.on('checkpoint', () => void ctx.saveCheckpoint({ workDir }).catch(() => job.stop()));
    // Progress before each epoch's metrics: the queue runner records an epoch at the last progress it saw.
    reportTrainingJob(job, {
      log: (level, message) => void ctx.log(level, message),
      step: (progress) => void ctx.progress(progress),
      epoch: (epoch, values, progress) => {
        void ctx.progress(progress);
        void ctx.metrics(epoch, { ...values });
      },
    });
    let pauseWanted = false;
    ctx.onControl((action) => {
      pauseWanted = action === 'pause';
      if (action === 'pause')
        try {
          job.pause();
        } catch (e) {
          // A run that cannot pause (GIGN fine-tuning) goes on; the log says why.
          pauseWanted = false;
          void ctx.log('warn', (e as Error).message);
        }
      else if (action === 'resume') job.resume();
      else job.stop();
    });
    let settled = false;
    const done = job.done.finally(() => (settled = true));
    done.catch(() => undefined);
    job.start();
    try {
      while (!settled) {
        // Report `paused` only once the trainer has written its checkpoint and parked.
        if (pauseWanted) await untilState(job, ['paused', 'cancelled', 'failed', 'succeeded'], 60_000);
        await ctx.yieldPoint();
        await Promise.race([done.catch(() => undefined), sleep(options.pollMs ?? 200)]);
      }
    } catch (e) {
      // Stopped: let the trainer finish stopping, so no later attempt overlaps with it.
      await Promise.race([done.catch(() => undefined), sleep(30_000)]);
      throw e;
    }
    const result = await done;
    const modelId = (await options.registerModel?.(result.modelDir, ctx)) ?? null;
    return { modelId, modelDir: result.modelDir, epochsRun: result.epochsRun, resumed };
  };
}
