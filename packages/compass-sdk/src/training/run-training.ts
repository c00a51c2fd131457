/**
 * A training run in three parts: preparation (split, featurise, standardise, programs, trainer), the loop on top of
 * the Trainer (epochs, schedule, validation, checkpoints, early stopping) and finishing (best parameters, metrics,
 * model package).
 */
import type { Dataset } from '../datasets/item.js';
import type { TrainingConfig } from './config.js';
import type { RunEvent, TrainingResult } from './events.js';
import { finishRun } from './finish-run.js';
import { prepareRun } from './prepare-run.js';
import { type RunControl, type StoppedRun, TrainingLoop } from './training-loop.js';

export { splitForConfig } from './prepare-run.js';
export type { RunControl, StoppedRun } from './training-loop.js';

/** Inputs of {@link runTraining}. */
export interface RunTrainingOptions {
  readonly config: TrainingConfig;
  readonly dataset: Dataset;
  readonly workDir: string;
  readonly modelName: string;
  /** Free text and licence written into the model card. */
  readonly modelDescription?: string;
  readonly modelLicense?: string;
  /** Continue from the newest checkpoint in workDir. */
  readonly resume?: boolean;
}

/**
 * Runs (or resumes) one training run to the end, or until `control` says stop (then a `stop` checkpoint is
 * written). Events go to `emit`. At the end the best parameters are scored on train, validation and test and
 * saved as a model package in `workDir/model`. With `config.init` the model starts from that package's parameters
 * (and hyper-parameters) instead of seeded ones.
 *
 * @example
 * const r = await runTraining({ config: parseTrainingConfig({ epochs: 5 }), dataset, workDir, modelName: 'm' },
 *   new StepGate(), (e) => console.log(e.type));
 * @throws {TrainingError} TRAINING_BAD_CONFIG (naming `init`), TRAINING_EMPTY_SPLIT, TRAINING_NON_FINITE
 *   (nanPolicy 'stop'), TRAINING_NO_CHECKPOINT.
 */
export async function runTraining(
  opts: RunTrainingOptions,
  control: RunControl,
  emit: (e: RunEvent) => void,
): Promise<TrainingResult | StoppedRun> {
  const log = (message: string, level: 'info' | 'warn' = 'info') =>
    emit({ type: 'log', data: { level, message } });
  const run = await prepareRun(opts, log);
  let outcome;
  try {
    outcome = await new TrainingLoop(run, opts.workDir, emit).run(control);
  } catch (e) {
    await release(run);
    throw e;
  }
  if (outcome.stopped) {
    await release(run);
    return outcome;
  }
  return finishRun(run, outcome, { ...opts, datasetName: opts.dataset.name }, emit);
}

async function release(run: {
  trainer: { close(): Promise<void> };
  inferSession: { release(): Promise<void> };
}) {
  await run.trainer.close().catch(() => undefined);
  await run.inferSession.release().catch(() => undefined);
}
