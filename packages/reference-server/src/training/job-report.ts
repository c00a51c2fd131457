/**
 * The one adapter from a TrainingJob's events to task reports, used by the in-process runner and the queue `train`
 * handler alike, so a task records the same metric keys wherever it trains.
 */
import {
  type EpochEvent,
  type LogEvent,
  type MetricsEvent,
  type StepEvent,
  type TrainingState,
} from '@compass/sdk/engine';
import { type TrainingJobHandle } from './training-job-factory.js';

/** Where {@link reportTrainingJob} sends a run's reports. */
export interface TrainingReportSink {
  log(level: LogEvent['level'], message: string): void;
  /**
   * The whole record of one epoch so far, with the task's progress once that epoch is done. The same epoch may
   * be reported again with more values (the final split scores); the later record replaces the earlier.
   */
  epoch(epoch: number, values: Readonly<Record<string, number>>, progress: number): void;
  /** The fraction of planned steps done, after each step. */
  step?(progress: number): void;
}

const FINAL_STATES: ReadonlySet<TrainingState> = new Set(['succeeded', 'failed', 'cancelled']);

/** `prefix.key` for every finite number of `metrics` (NaN marks a figure that is undefined, e.g. n < 2). */
function prefixed(prefix: string, metrics: object | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(metrics ?? {}))
    if (typeof v === 'number' && Number.isFinite(v)) out[`${prefix}.${k}`] = v;
  return out;
}

/** An epoch event's values: `trainLoss`, `lr` and `validation.<metric>` (only finite numbers). */
export function epochValues(e: EpochEvent): Record<string, number> {
  const out: Record<string, number> = {};
  if (Number.isFinite(e.trainLoss)) out.trainLoss = e.trainLoss;
  if (Number.isFinite(e.lr)) out.lr = e.lr;
  return { ...out, ...prefixed('validation', e.validation) };
}

/** A metrics event's values: `<split>.<metric>` (`train.rmse`, `validation.pearson`, `test.n`, ...). */
export function splitValues(e: MetricsEvent): Record<string, number> {
  return prefixed(e.split, e.metrics);
}

/** The task's progress once epoch `e` is done: epochs count from 0, so it is `(e.epoch + 1) / e.epochs`. */
export function epochProgress(e: EpochEvent): number {
  return Math.min(1, (e.epoch + 1) / e.epochs);
}

/**
 * Reports `job`'s logs, steps and per-epoch metrics to `sink` until the returned detach function is called.
 *
 * One record per epoch: the epoch event's `trainLoss`, `lr` and `validation.<metric>`, merged with the metrics
 * events of that epoch as `<split>.<metric>`. Where both give a key, the epoch event's value is kept, so an
 * epoch's point describes that epoch (the final `validation` scores of the kept parameters do not replace the last
 * epoch's). The SDK sends an epoch's validation metrics before its epoch event and the final train/validation/test
 * scores after the last one: a record is reported once its epoch event has arrived, and again for each later
 * metrics event of that epoch. Metrics of an epoch whose event never arrives here (a run resumed after its last
 * epoch) are reported when the run ends, at the job's progress.
 *
 * @example
 * const detach = reportTrainingJob(job, {
 *   log: (level, message) => void report.log(level, message),
 *   epoch: (epoch, values, progress) => void report.epoch(epoch, values, progress),
 * });
 */
export function reportTrainingJob(
  job: Pick<TrainingJobHandle, 'on' | 'off' | 'progress'>,
  sink: TrainingReportSink,
): () => void {
  const epochs = new Map<number, { values: Record<string, number>; progress: number }>();
  const splits = new Map<number, Record<string, number>>();
  const send = (epoch: number) => {
    const done = epochs.get(epoch);
    if (done) sink.epoch(epoch, { ...splits.get(epoch), ...done.values }, done.progress);
  };
  const onLog = (e: LogEvent) => sink.log(e.level, e.message);
  const onStep = (e: StepEvent) => sink.step?.(e.progress);
  const onEpoch = (e: EpochEvent) => {
    epochs.set(e.epoch, { values: epochValues(e), progress: epochProgress(e) });
    send(e.epoch);
  };
  const onMetrics = (e: MetricsEvent) => {
    splits.set(e.epoch, { ...splits.get(e.epoch), ...splitValues(e) });
    send(e.epoch);
  };
  const onState = (state: TrainingState) => {
    if (!FINAL_STATES.has(state)) return;
    for (const [epoch, values] of splits) if (!epochs.has(epoch)) sink.epoch(epoch, values, job.progress);
  };
  job.on('log', onLog);
  job.on('step', onStep);
  job.on('epoch', onEpoch);
  job.on('metrics', onMetrics);
  job.on('state', onState);
  return () => {
    job.off('log', onLog);
    job.off('step', onStep);
    job.off('epoch', onEpoch);
    job.off('metrics', onMetrics);
    job.off('state', onState);
  };
}
