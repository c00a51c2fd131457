/**
 * The `train` job body on the SDK's TrainingJob (its contract is in HELPERS.md), loaded lazily so a worker whose
 * SDK has no trainer yet still runs every other job. Control requests drive the trainer's own pause/resume/stop;
 * the trainer's atomic checkpoints under `<dataDir>/training/<taskId>` are what a retry resumes from.
 */
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { ScaleError } from './errors.js';
import type { JobContext, JobHandler } from './job.js';

/** The part of the SDK's TrainingJob this handler relies on. */
export interface TrainingJobLike {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  start(): unknown;
  pause(): unknown;
  resume(): unknown;
  stop(): unknown;
  readonly state: string;
  readonly progress: number;
  readonly done: Promise<{
    readonly modelDir: string;
    readonly epochsRun?: number;
    readonly metrics?: unknown;
  }>;
}

/** The SDK's TrainingJob class as this handler uses it. */
export interface TrainingJobClass {
  create(options: {
    config: unknown;
    dataset: string;
    workDir: string;
    modelName?: string;
    useWorker?: boolean;
  }): TrainingJobLike | Promise<TrainingJobLike>;
  resumeFrom(workDir: string): TrainingJobLike | Promise<TrainingJobLike>;
}

/** Input of an SDK training job. */
export const sdkTrainingSchema = z.object({
  taskId: z.string().regex(/^[\w-]{1,128}$/),
  /** A TrainingConfig for the SDK (validated by the SDK). */
  trainingConfig: z.record(z.string(), z.unknown()),
  /** Dataset directory, absolute or relative to the data directory. */
  dataset: z.string().min(1),
  modelName: z.string().optional(),
});

/** Input of an SDK training job. */
export type SdkTrainingData = z.infer<typeof sdkTrainingSchema>;

/** What an SDK training job returns. */
export interface SdkTrainingResult {
  readonly modelId: string | null;
  readonly modelDir: string;
  readonly epochsRun: number | null;
  readonly resumed: boolean;
}

/** Options of {@link createSdkTrainingHandler}. */
export interface SdkTrainingHandlerOptions {
  /** Where TrainingJob comes from (default: `@compass/sdk`). */
  readonly load?: () => Promise<TrainingJobClass>;
  /** Registers the trained package (e.g. in the shared store) and returns its model id. */
  readonly registerModel?: (modelDir: string, ctx: JobContext<SdkTrainingData>) => Promise<string | null>;
  /** How often the handler passes its safe point while the trainer runs (default 200 ms). */
  readonly pollMs?: number;
}

/** Loads TrainingJob from @compass/sdk; JOB_HANDLER_MISSING when this SDK has none. */
export async function loadSdkTrainingJob(): Promise<TrainingJobClass> {
  const sdk = (await import('@compass/sdk')) as Record<string, unknown>;
  const cls = sdk.TrainingJob as TrainingJobClass | undefined;
  if (!cls) throw new ScaleError('JOB_HANDLER_MISSING', "this worker's @compass/sdk has no TrainingJob");
  return cls;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function numeric(values: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (v: unknown, prefix: string) => {
    if (typeof v === 'number' && Number.isFinite(v)) out[prefix] = v;
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v)) walk(x, prefix ? `${prefix}.${k}` : k);
  };
  walk(values, '');
  return out;
}

async function untilState(job: TrainingJobLike, states: readonly string[], ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!states.includes(job.state) && Date.now() < end) await sleep(25);
}

/**
 * A `train` handler on the SDK's TrainingJob. Logs, per-epoch metrics and progress are reported as the trainer
 * emits them; each trainer checkpoint is recorded so a retry on another worker calls `TrainingJob.resumeFrom`.
 */
export function createSdkTrainingHandler(
  options: SdkTrainingHandlerOptions = {},
): JobHandler<SdkTrainingData, SdkTrainingResult> {
  return async (ctx) => {
    const d = sdkTrainingSchema.parse(ctx.data);
    const cls = await (options.load ?? loadSdkTrainingJob)();
    const workDir = join(ctx.dataDir, 'training', d.taskId);
    const resumed = (ctx.checkpoint as { workDir?: string } | undefined)?.workDir !== undefined;
    const job = resumed
      ? await cls.resumeFrom(workDir)
      : await cls.create({
          config: d.trainingConfig,
          dataset: isAbsolute(d.dataset) ? d.dataset : join(ctx.dataDir, d.dataset),
          workDir,
          ...(d.modelName ? { modelName: d.modelName } : {}),
        });
    // One metrics record per epoch, merged from the epoch event (train loss, lr, validation) and each split's
    // metrics event, since a store keeps the last record written for an epoch.
    const perEpoch = new Map<number, Record<string, number>>();
    const add = (epoch: number, values: Record<string, number>) => {
      const merged = { ...perEpoch.get(epoch), ...values };
      perEpoch.set(epoch, merged);
      void ctx.metrics(epoch, merged);
    };
    job.on('checkpoint', () => void ctx.saveCheckpoint({ workDir }).catch(() => job.stop()));
    job.on('epoch', (e: unknown) => {
      const ev = e as { epoch: number; trainLoss?: number; lr?: number; validation?: unknown };
      add(ev.epoch, numeric({ trainLoss: ev.trainLoss, lr: ev.lr, validation: ev.validation }));
      void ctx.progress(job.progress);
    });
    job.on('step', (e: unknown) => {
      const p = (e as { progress?: unknown } | undefined)?.progress;
      void ctx.progress(typeof p === 'number' ? p : job.progress);
    });
    job.on('metrics', (e: unknown) => {
      const ev = e as { split: string; epoch: number; metrics: unknown };
      add(ev.epoch, numeric({ [ev.split]: ev.metrics }));
    });
    job.on('log', (a: unknown, b?: unknown) => {
      const entry =
        typeof a === 'object' && a !== null ? (a as { level?: string; message?: string }) : undefined;
      const level = (entry?.level ?? (typeof b === 'string' ? a : 'info')) as 'info';
      const message = entry?.message ?? (typeof b === 'string' ? b : String(a));
      void ctx.log(['debug', 'info', 'warn', 'error'].includes(level) ? level : 'info', message);
    });
    let pauseWanted = false;
    ctx.onControl((action) => {
      pauseWanted = action === 'pause';
      void (action === 'pause' ? job.pause() : action === 'resume' ? job.resume() : job.stop());
    });
    let settled = false;
    const done = job.done.finally(() => (settled = true));
    done.catch(() => undefined);
    await job.start();
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
    return { modelId, modelDir: result.modelDir, epochsRun: result.epochsRun ?? null, resumed };
  };
}
