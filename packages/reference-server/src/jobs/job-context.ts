/** Builds the JobContext a handler sees from an executor's sink, and runs a handler to a final outcome. */
import { isScaleError } from './errors.js';
import { ControlGate } from './control-gate.js';
import type { JobContext, JobEvent, JobHandler, WorkerIdentity } from './job.js';

/** Where an executor sends what the handler reports. */
export interface JobSink {
  emit(e: JobEvent): void | Promise<void>;
  saveCheckpoint(state: unknown): Promise<void>;
}

/** The fixed facts of one attempt. */
export interface AttemptInfo {
  readonly jobId: string;
  readonly kind: string;
  readonly data: unknown;
  readonly attempt: number;
  readonly worker: WorkerIdentity;
  readonly dataDir: string;
  readonly checkpoint: unknown;
}

/** How an attempt ended when it did not throw. */
export type AttemptOutcome =
  { readonly state: 'completed'; readonly result: unknown } | { readonly state: 'stopped' };

/** The context of one attempt, with its gate for control requests. */
export function makeJobContext(info: AttemptInfo, sink: JobSink): { ctx: JobContext; gate: ControlGate } {
  const state = (s: 'paused' | 'active') => () =>
    sink.emit({ type: 'state', jobId: info.jobId, state: s, worker: info.worker.id });
  const gate = new ControlGate(state('paused'), state('active'));
  const ctx: JobContext = {
    ...info,
    signal: gate.signal,
    progress: async (fraction) => {
      await sink.emit({ type: 'progress', jobId: info.jobId, progress: Math.min(1, Math.max(0, fraction)) });
    },
    log: async (level, message) => {
      await sink.emit({ type: 'log', jobId: info.jobId, level, message });
    },
    metrics: async (step, values) => {
      await sink.emit({ type: 'metrics', jobId: info.jobId, step, values });
    },
    saveCheckpoint: (state) => sink.saveCheckpoint(state),
    yieldPoint: () => gate.yieldPoint(),
    onControl: (l) => gate.onControl(l),
  };
  return { ctx, gate };
}

/** Runs `handler`; a stop (JOB_STOPPED or an abort after a stop request) becomes the `stopped` outcome. */
export async function runAttempt(
  handler: JobHandler<never>,
  ctx: JobContext,
  gate: ControlGate,
): Promise<AttemptOutcome> {
  try {
    const result = await handler(ctx as JobContext<never>);
    return gate.stopped ? { state: 'stopped' } : { state: 'completed', result: result ?? null };
  } catch (e) {
    if (gate.stopped || (isScaleError(e) && e.code === 'JOB_STOPPED')) return { state: 'stopped' };
    throw e;
  }
}
