/**
 * The one place a task's training run is made, for the in-process runner and the queue `train` handler alike: it
 * dispatches on the task's architecture to the SDK's entry points (TrainingJob for the COMPASS ViSNet,
 * runRfScoreTraining, runGignFineTuning), each driven as a TrainingJobHandle so both runners report the same way.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runGignFineTuning, runRfScoreTraining, type TrainingResult } from '@compass/sdk/engine';
import { SdkRunJob } from './sdk-run-job.js';
import { type TaskTrainingInput } from './task-training-input.js';
import { sdkTrainingJobs, type TrainingJobFactory, type TrainingJobHandle } from './training-job-factory.js';

/** A task's training input with where it runs. */
export interface TaskTrainingRun extends TaskTrainingInput {
  /** Work folder: the package is written to `<workDir>/model`. */
  readonly workDir: string;
  readonly modelName?: string;
  readonly modelDescription?: string;
  /** ViSNet: train in a worker thread. */
  readonly useWorker?: boolean;
}

const zeroCounts = { train: 0, validation: 0, test: 0, skipped: 0 };

/**
 * The run of a task, not yet started (call `start()` once its events are attached). ViSNet goes to `jobs` (the
 * SDK's TrainingJob, checkpointed and resumable); RF-Score and GIGN fine-tuning are one SDK call each, without
 * checkpoints: their `<workDir>/model` is cleared first, so a retried run starts clean.
 *
 * @example
 * const job = await createTaskTrainingJob({ ...(await taskTrainingInput(task, storage, dataDir)), workDir });
 * reportTrainingJob(job, sink);
 * job.start();
 */
export async function createTaskTrainingJob(
  run: TaskTrainingRun,
  jobs: TrainingJobFactory = sdkTrainingJobs,
): Promise<TrainingJobHandle> {
  const outDir = join(run.workDir, 'model');
  const named = {
    ...(run.modelName !== undefined ? { name: run.modelName } : {}),
    ...(run.modelDescription !== undefined ? { description: run.modelDescription } : {}),
    ...(run.dataName !== undefined ? { dataName: run.dataName } : {}),
    ...(run.validFraction !== undefined ? { validFraction: run.validFraction } : {}),
  };
  if (run.architecture === 'rf-score')
    return new SdkRunJob({
      what: 'rf-score',
      pausable: true,
      notes: run.notes,
      run: async ({ signal, control, onEvent }): Promise<TrainingResult> => {
        await rm(outDir, { recursive: true, force: true });
        const r = await runRfScoreTraining({
          data: run.dataset,
          outDir,
          ...(run.init !== undefined ? { init: run.init } : {}),
          ...(run.rfScore ? { options: { trees: run.rfScore.trees } } : {}),
          ...named,
          signal,
          control,
          onEvent,
        });
        return {
          modelDir: r.modelDir,
          metrics: r.metrics.validation ? { validation: r.metrics.validation } : {},
          epochsRun: 1,
          steps: r.trees,
          nanBatches: [],
          target: { mean: r.card.target.mean, std: r.card.target.std },
          counts: { ...zeroCounts, train: r.counts.train, validation: r.counts.validation },
        };
      },
    });
  if (run.architecture === 'gign') {
    const init = run.init;
    return new SdkRunJob({
      what: 'gign fine-tuning',
      pausable: false,
      notes: run.notes,
      run: async ({ signal, onEvent }): Promise<TrainingResult> => {
        // Checked when the task was created; a job built by hand may still lack it.
        if (init === undefined)
          throw new Error('a gign task needs config.init (the GIGN model to fine-tune)');
        await rm(outDir, { recursive: true, force: true });
        const r = await runGignFineTuning({
          data: run.dataset,
          init,
          outDir,
          ...(run.gign ? { recipe: run.gign } : {}),
          ...named,
          signal,
          onEvent,
        });
        return {
          modelDir: r.modelDir,
          metrics: {
            train: r.metrics.train,
            ...(r.metrics.validation ? { validation: r.metrics.validation } : {}),
          },
          epochsRun: r.recipe.epochs,
          steps: Math.ceil(r.counts.train / Math.min(r.recipe.batchSize, r.counts.train)) * r.recipe.epochs,
          nanBatches: [],
          target: { mean: r.card.target.mean, std: r.card.target.std },
          counts: {
            ...zeroCounts,
            train: r.counts.train,
            validation: r.counts.validation,
            skipped: r.counts.skipped,
          },
        };
      },
    });
  }
  const job = await jobs.create({
    config: run.init !== undefined ? { ...run.config, init: run.init } : run.config,
    dataset: run.dataset,
    workDir: run.workDir,
    ...(run.useWorker !== undefined ? { useWorker: run.useWorker } : {}),
    ...(run.modelName !== undefined ? { modelName: run.modelName } : {}),
    ...(run.modelDescription !== undefined ? { modelDescription: run.modelDescription } : {}),
  });
  return run.notes.length ? withNotes(job, run.notes) : job;
}

type LogListener = (e: { level: 'info'; message: string }) => void;

/** `job` whose `start()` first sends `notes` to its `log` listeners as info lines (as SdkRunJob does). */
function withNotes(job: TrainingJobHandle, notes: readonly string[]): TrainingJobHandle {
  const logListeners = new Set<LogListener>();
  const handle: TrainingJobHandle = {
    on: (event, fn, context) => {
      if (event === 'log') logListeners.add(fn as LogListener);
      job.on(event, fn, context);
      return handle as never;
    },
    off: (event, fn, context, once) => {
      if (event === 'log') logListeners.delete(fn as LogListener);
      job.off(event, fn, context, once);
      return handle as never;
    },
    get state() {
      return job.state;
    },
    get progress() {
      return job.progress;
    },
    get done() {
      return job.done;
    },
    pause: () => job.pause(),
    resume: () => job.resume(),
    stop: () => job.stop(),
    start: () => {
      for (const message of notes) for (const fn of logListeners) fn({ level: 'info', message });
      return job.start();
    },
  };
  return handle;
}
