/**
 * Finishing a training run: the best parameters back in the trainer, train / validation / test metrics, the model
 * package saved from the inference program the run built, and `result.json`.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCheckpoint } from './checkpoint.js';
import type { RunEvent, TrainingResult } from './events.js';
import type { FeaturisedItems } from './featurise-dataset.js';
import { regressionMetrics, type RegressionMetrics } from './metrics.js';
import { saveTrainedModel } from './model-output.js';
import type { PreparedRun } from './prepare-run.js';
import { predictFeatures } from './predict-features.js';
import type { LoopOutcome } from './training-loop.js';

/** What the model card says about the run besides the config: names and the data's identity. */
export interface FinishRunOptions {
  readonly workDir: string;
  readonly datasetName: string;
  readonly modelName: string;
  readonly modelDescription?: string;
  readonly modelLicense?: string;
}

/** Hash of the items a run used (ids, labels, files, records), recorded in the card. */
function contentHash(run: PreparedRun): string {
  const hash = createHash('sha256');
  for (const i of [...run.train.items, ...run.validation.items, ...run.test.items])
    hash.update(`${i.id}\0${i.label!.pK}\0${i.proteinPath}\0${i.ligandPath}\0${i.ligandRecord}\n`);
  return hash.digest('hex');
}

/**
 * Scores the best parameters (the last ones when no epoch improved, e.g. after a resume) on every split, emits
 * their metrics, releases the sessions, saves the package in `workDir/model` and writes `workDir/result.json`.
 */
export async function finishRun(
  run: PreparedRun,
  outcome: LoopOutcome,
  opts: FinishRunOptions,
  emit: (e: RunEvent) => void,
): Promise<TrainingResult> {
  const { config, hp, trainer, target, train, validation: val, test } = run;
  if (outcome.bestState) trainer.restore(outcome.bestState);
  else if (outcome.bestEpoch >= 0) {
    const best = await readCheckpoint(join(opts.workDir, 'checkpoints', 'best.ckpt')).catch(() => undefined);
    if (best) trainer.restore(best.state);
  }
  const score = async (f: FeaturisedItems): Promise<RegressionMetrics | undefined> =>
    f.items.length === 0
      ? undefined
      : regressionMetrics(
          await predictFeatures(
            run.inferSession,
            trainer.paramFeeds(),
            f.features,
            hp,
            config.batchSize * 2,
            target,
          ),
          f.items.map((i) => i.label!.pK),
        );
  const metrics = { train: await score(train), validation: await score(val), test: await score(test) };
  for (const s of ['train', 'validation', 'test'] as const) {
    const mt = metrics[s];
    if (mt) emit({ type: 'metrics', data: { split: s, epoch: outcome.epochsRun - 1, metrics: mt } });
  }
  const params = trainer.params;
  await trainer.close();
  await run.inferSession.release();
  const counts = { train: train.items.length, validation: val.items.length, test: test.items.length };
  const modelDir = await saveTrainedModel(join(opts.workDir, 'model'), {
    name: opts.modelName,
    ...(opts.modelDescription !== undefined ? { description: opts.modelDescription } : {}),
    ...(opts.modelLicense !== undefined ? { license: opts.modelLicense } : {}),
    hyperParams: hp,
    params,
    program: run.inferProgram,
    target,
    datasets: [
      {
        name: opts.datasetName,
        count: counts.train + counts.validation + counts.test,
        contentHash: contentHash(run),
      },
    ],
    epochs: outcome.epochsRun,
    training: {
      mode: config.mode,
      steps: outcome.steps,
      split: { ...config.split, ...counts },
      loss: config.loss,
      optimiser: config.optimiser,
      learningRate: config.learningRate,
      schedule: config.schedule.kind,
      seed: config.seed,
      coordNoiseStd: config.coordNoiseStd,
      centreByTarget: config.centreByTarget,
      bestEpoch: outcome.bestEpoch + 1,
      ...(run.init ? { init: { dir: run.init.dir, id: run.init.id, name: run.init.name } } : {}),
      ...(config.split.kind === 'target'
        ? {
            validationTargets: [...new Set(val.items.map((i) => i.target))].sort(),
            testTargets: [...new Set(test.items.map((i) => i.target))].sort(),
          }
        : {}),
    },
    metrics: {
      ...(metrics.validation ? { validation: metrics.validation } : {}),
      ...(metrics.test ? { test: metrics.test } : {}),
      ...(metrics.train ? { train: metrics.train } : {}),
    },
  });
  const result: TrainingResult = {
    modelDir,
    metrics: {
      ...(metrics.train ? { train: metrics.train } : {}),
      ...(metrics.validation ? { validation: metrics.validation } : {}),
      ...(metrics.test ? { test: metrics.test } : {}),
    },
    epochsRun: outcome.epochsRun,
    steps: outcome.steps,
    nanBatches: outcome.nanBatches,
    target,
    counts: { ...counts, skipped: run.skipped },
  };
  await writeFile(join(opts.workDir, 'result.json'), JSON.stringify(result, null, 2) + '\n');
  return result;
}
