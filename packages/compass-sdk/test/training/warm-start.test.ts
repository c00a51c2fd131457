/** Warm start (config `init`): a run starts from a package's parameters and hyper-parameters, or is refused. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatasetDir } from '../../src/datasets/open-dataset.js';
import type { Dataset } from '../../src/datasets/item.js';
import { paramInput } from '../../src/graph/programs.js';
import { compassBatchFeeds } from '../../src/model/feeds.js';
import { bundledModelDir } from '../../src/model-package/bundled.js';
import { loadModelPackage, visnetHyperParams } from '../../src/model-package/load.js';
import { createLocalSession } from '../../src/runtime/session.js';
import { parseTrainingConfig, type TrainingConfigInput } from '../../src/training/config.js';
import type { StepEvent, TrainingResult } from '../../src/training/events.js';
import { featuriseItems } from '../../src/training/featurise-dataset.js';
import { StepGate } from '../../src/training/run-control.js';
import { runTraining } from '../../src/training/run-training.js';
import { FEP_FIXTURE, TINY_HP, tinyConfig, tmpWorkDir } from './helpers.js';

/** Runs to the end in process; returns the result and every step event. */
async function train(dataset: Dataset, input: TrainingConfigInput) {
  const steps: StepEvent[] = [];
  const r = await runTraining(
    { config: parseTrainingConfig(input), dataset, workDir: tmpWorkDir(), modelName: 'warm' },
    new StepGate(),
    (e) => e.type === 'step' && steps.push(e.data),
  );
  if ('stopped' in r) throw new Error('the run stopped');
  return { result: r, steps };
}

/** The package's mean Huber loss (delta 1) on every item, in standardised units, by its own inference program. */
async function packageLoss(dir: string, dataset: Dataset): Promise<number> {
  const pkg = await loadModelPackage(dir);
  const hp = visnetHyperParams(pkg);
  const f = await featuriseItems(dataset.items, hp);
  const session = await createLocalSession(pkg.onnx);
  const params = Object.fromEntries(Object.entries(pkg.params).map(([k, v]) => [paramInput(k), v]));
  const out = await session.run({ ...params, ...compassBatchFeeds(f.features, hp) });
  await session.release();
  const { mean, std } = pkg.card.target;
  const pred = Array.from(out['pred.y']!.data as Float32Array);
  const huber = pred.map((p, i) => {
    const d = Math.abs(p - (f.items[i]!.label!.pK - mean) / std);
    return d < 1 ? 0.5 * d * d : d - 0.5;
  });
  return huber.reduce((s, v) => s + v, 0) / huber.length;
}

describe('training config init (warm start)', () => {
  let dataset: Dataset;
  let base: TrainingResult;
  beforeAll(async () => {
    dataset = await openDatasetDir(FEP_FIXTURE);
    // The package to start from: 30 epochs on all 7 items at a constant rate.
    const config = {
      split: { kind: 'none' as const },
      epochs: 30,
      learningRate: 3e-2,
      schedule: { kind: 'constant' as const },
    };
    base = (await train(dataset, tinyConfig(config))).result;
  }, 60_000);

  // One batch of all 7 items: the first step's loss is the loss of the starting parameters on the whole set.
  const oneStep = (over: Partial<TrainingConfigInput>): TrainingConfigInput => ({
    ...tinyConfig({ split: { kind: 'none' }, epochs: 1, batchSize: 7, seed: 9 }),
    ...over,
  });

  it("starts from the package: the first loss is the package's own loss on the data, not a fresh model's", async () => {
    const expected = await packageLoss(base.modelDir, dataset);
    // No hyperParams: the package's (not the smoke_test mode's defaults) build the model.
    const { hyperParams: _hp, ...noHp } = oneStep({});
    const warm = await train(dataset, { ...noHp, init: base.modelDir });
    const fresh = await train(dataset, oneStep({}));
    expect(warm.steps).toHaveLength(1);
    expect(warm.steps[0]!.loss).toBeCloseTo(expected, 5);
    // Measured: package 0.2973, warm start 0.2973, fresh seeded init 0.4647.
    expect(fresh.steps[0]!.loss - expected).toBeGreaterThan(0.1);
    expect(warm.result.target).toEqual(base.target);
    const card = JSON.parse(readFileSync(join(warm.result.modelDir, 'model.json'), 'utf8'));
    const from = JSON.parse(readFileSync(join(base.modelDir, 'model.json'), 'utf8'));
    expect(card.training.init).toEqual({ dir: base.modelDir, id: from.id, name: 'warm' });
    expect(card.architecture).toEqual(from.architecture);
    // A run without init records none.
    const freshCard = JSON.parse(readFileSync(join(fresh.result.modelDir, 'model.json'), 'utf8'));
    expect(freshCard.training.init).toBeUndefined();
  }, 60_000);

  it('accepts explicit hyperParams that agree with the package and refuses one that conflicts, naming init', async () => {
    const agree = await train(dataset, oneStep({ init: base.modelDir, hyperParams: TINY_HP }));
    expect(agree.steps).toHaveLength(1);
    const err = await train(
      dataset,
      oneStep({ init: base.modelDir, hyperParams: { ...TINY_HP, hidden: 16 } }),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'TRAINING_BAD_CONFIG',
      message: `training config init: hyperParams.hidden is 16 but ${base.modelDir} was built with 8; drop the override or train without init`,
      details: { field: 'init', hyperParam: 'hidden', config: 16, package: 8 },
    });
  }, 60_000);

  it('refuses a package of another architecture (the bundled GIGN default) and a missing one', async () => {
    const gign = await train(dataset, oneStep({ init: bundledModelDir() })).catch((e: unknown) => e);
    expect(gign).toMatchObject({
      code: 'TRAINING_BAD_CONFIG',
      details: { field: 'init', dir: bundledModelDir(), reason: 'MODEL_PACKAGE_WRONG_ARCHITECTURE' },
    });
    expect((gign as Error).message).toBe(
      `training config init: ${bundledModelDir()}: this needs a COMPASS ViSNet package, the package holds gign`,
    );
    const missing = join(tmpWorkDir(), 'nothing');
    const none = await train(dataset, oneStep({ init: missing })).catch((e: unknown) => e);
    expect(none).toMatchObject({
      code: 'TRAINING_BAD_CONFIG',
      message: `training config init: no model package folder at ${missing}`,
      details: { field: 'init', reason: 'MODEL_PACKAGE_NOT_FOUND' },
    });
    expect(() => parseTrainingConfig({ init: '' })).toThrowError(
      expect.objectContaining({
        code: 'TRAINING_BAD_CONFIG',
        message: expect.stringMatching(/^training config init: /),
      }),
    );
  });
});
