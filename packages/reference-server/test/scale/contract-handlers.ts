/** Job handlers of the job contract suite, loaded by job threads and queue workers from this module's path. */
import type { JobContext, JobHandlers } from '../../src/jobs/job.js';

interface StepsData {
  readonly steps: number;
  readonly stepMs: number;
}

async function steps(ctx: JobContext<StepsData>): Promise<{ resumedFrom: number; attempt: number }> {
  const from = (ctx.checkpoint as { step?: number } | undefined)?.step ?? 0;
  await ctx.log('info', `start at ${from}`);
  for (let step = from; step < ctx.data.steps;) {
    await ctx.yieldPoint();
    await new Promise((r) => setTimeout(r, ctx.data.stepMs));
    step++;
    await ctx.saveCheckpoint({ step });
    await ctx.progress(step / ctx.data.steps);
    await ctx.metrics(step, { loss: 1 / step });
  }
  return { resumedFrom: from, attempt: ctx.attempt };
}

/** Handlers by kind: `echo`, `steps`, `boom`. */
export const jobHandlers: JobHandlers = {
  echo: async (ctx: JobContext<unknown>) => ({ echoed: ctx.data, worker: ctx.worker.id }),
  steps,
  boom: async () => {
    throw new Error('boom on purpose');
  },
};
