/**
 * Test support: a stand-in training body for the queue mechanics (steps, epochs, checkpoints, pause/stop). It
 * trains nothing; it only behaves like a resumable run. Workers load it through `stand-in-handlers.ts`.
 */
import { z } from 'zod';
import type { JobContext } from '../../src/jobs/job.js';

/** Input of the stand-in training job. */
export const standInTrainingSchema = z.object({
  taskId: z.string().optional(),
  epochs: z.int().min(1).max(1000).default(2),
  stepsPerEpoch: z.int().min(1).max(10_000).default(5),
  stepMs: z.int().min(0).max(60_000).default(50),
});

/** Input of the stand-in training job. */
export type StandInTrainingData = z.input<typeof standInTrainingSchema>;

/** What the stand-in returns: the steps it ran in this attempt and where it resumed from. */
export interface StandInTrainingResult {
  readonly modelId: string | null;
  readonly steps: number;
  readonly resumedFromStep: number;
}

/** Runs `epochs * stepsPerEpoch` timed steps, checkpointing after each and reporting metrics at each epoch's end. */
export async function standInTraining(ctx: JobContext<StandInTrainingData>): Promise<StandInTrainingResult> {
  const cfg = standInTrainingSchema.parse(ctx.data);
  const total = cfg.epochs * cfg.stepsPerEpoch;
  const from = (ctx.checkpoint as { step?: number } | undefined)?.step ?? 0;
  await ctx.log(
    'info',
    `attempt ${ctx.attempt} on ${ctx.worker.id} (${ctx.worker.device}) from step ${from}`,
  );
  for (let step = from; step < total;) {
    await ctx.yieldPoint();
    await new Promise((r) => setTimeout(r, cfg.stepMs));
    step++;
    await ctx.saveCheckpoint({ step });
    await ctx.progress(step / total);
    if (step % cfg.stepsPerEpoch === 0) {
      const epoch = step / cfg.stepsPerEpoch - 1;
      await ctx.metrics(epoch, { loss: 1 / (epoch + 1), step });
    }
  }
  return { modelId: null, steps: total - from, resumedFromStep: from };
}
