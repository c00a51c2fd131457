import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeatureCache } from '../../src/cache/feature-cache.js';
import { openDatasetDir } from '../../src/datasets/open-dataset.js';
import { resolveHyperParams } from '../../src/model/hyper-params.js';
import { latestCheckpoint } from '../../src/training/checkpoint.js';
import { parseTrainingConfig } from '../../src/training/config.js';
import type { TrainingState } from '../../src/training/events.js';
import { featureCacheSettings } from '../../src/training/featurise-dataset.js';
import { splitForConfig } from '../../src/training/run-training.js';
import { TrainingJob } from '../../src/training/training-job.js';
import { FEP_FIXTURE, TINY_HP, tinyConfig, tmpWorkDir } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('TrainingJob', () => {
  it('runs to the end: states, events, per-epoch validation, test metrics, checkpoints with retention, model package', async () => {
    const workDir = tmpWorkDir();
    const job = await TrainingJob.create({
      config: tinyConfig(),
      dataset: FEP_FIXTURE,
      workDir,
      modelName: 'tiny',
    });
    const states: TrainingState[] = [];
    const epochs: number[] = [];
    const splits: string[] = [];
    let steps = 0;
    job.on('state', (s) => states.push(s));
    job.on('epoch', (e) => epochs.push(e.epoch));
    job.on('metrics', (m) => splits.push(m.split));
    job.on('step', () => steps++);
    expect(job.state).toBe('queued');
    const r = await job.start().done;
    expect(states).toEqual(['running', 'succeeded']);
    expect(job.progress).toBe(1);
    expect(epochs).toEqual([0, 1, 2]);
    expect(r.counts).toEqual({ train: 5, validation: 1, test: 1, skipped: 0 });
    expect(steps).toBe(15);
    expect(r.steps).toBe(15);
    expect(splits).toEqual(['validation', 'validation', 'validation', 'train', 'validation', 'test']);
    expect(r.metrics.test!.n).toBe(1);
    expect(Number.isFinite(r.metrics.test!.rmse)).toBe(true);
    // Standardisation from the training split only.
    const config = parseTrainingConfig(tinyConfig());
    const train = splitForConfig((await openDatasetDir(FEP_FIXTURE)).items, config).train.map(
      (i) => i.label!.pK,
    );
    expect(r.target.mean).toBeCloseTo(train.reduce((a, b) => a + b, 0) / train.length, 5);
    // Retention: 2 step checkpoints plus best.
    const ckpts = readdirSync(join(workDir, 'checkpoints')).sort();
    expect(ckpts.filter((f) => f.startsWith('step-'))).toHaveLength(2);
    expect(ckpts).toContain('best.ckpt');
    expect((await latestCheckpoint(workDir)).meta).toMatchObject({
      step: 15,
      epoch: 2,
      epochEvaluated: true,
    });
    const card = JSON.parse(readFileSync(join(r.modelDir, 'model.json'), 'utf8'));
    expect(card.target.mean).toBeCloseTo(r.target.mean, 10);
    expect(card.name).toBe('tiny');
    expect(existsSync(join(r.modelDir, 'params.safetensors'))).toBe(true);
  });

  it('stop() takes effect within one step, writes a checkpoint, and the run resumes from it', async () => {
    const workDir = tmpWorkDir();
    const job = await TrainingJob.create({
      config: tinyConfig({ epochs: 4, checkpoint: { everySteps: 100, keep: 3 } }),
      dataset: FEP_FIXTURE,
      workDir,
    });
    let steps = 0;
    let afterStop = -1;
    job.on('step', (e) => {
      steps++;
      if (afterStop >= 0) afterStop++;
      if (e.step === 3) {
        job.stop();
        afterStop = 0;
      }
    });
    job.start();
    const err = await job.done.catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TRAINING_CANCELLED' });
    expect(job.state).toBe('cancelled');
    expect(afterStop).toBeLessThanOrEqual(1);
    const ckpt = await latestCheckpoint(workDir);
    expect(ckpt.meta).toMatchObject({ reason: 'stop', step: steps });
    // Resume: it continues at the next step and finishes all 4 epochs (20 steps).
    const resumed = await TrainingJob.resumeFrom(workDir);
    const seen: number[] = [];
    resumed.on('step', (e) => seen.push(e.step));
    const r = await resumed.start().done;
    expect(seen[0]).toBe(steps + 1);
    expect(r.steps).toBe(20);
    expect(r.epochsRun).toBe(4);
  });

  it('pause() runs no steps until resume()', async () => {
    const workDir = tmpWorkDir();
    const job = await TrainingJob.create({
      config: tinyConfig({ epochs: 2 }),
      dataset: FEP_FIXTURE,
      workDir,
    });
    let steps = 0;
    let paused = false;
    job.on('step', () => {
      steps++;
      if (steps === 2 && !paused) {
        paused = true;
        job.pause();
      }
    });
    job.start();
    while (!paused) await sleep(5);
    expect(job.state).toBe('paused');
    await sleep(400);
    expect(steps).toBe(2);
    job.resume();
    expect(job.state).toBe('running');
    const r = await job.done;
    expect(r.steps).toBe(10);
  });

  it('records the ids of a batch with a non-finite loss and skips it, or stops when asked', async () => {
    const ds = await openDatasetDir(FEP_FIXTURE);
    const config = parseTrainingConfig(tinyConfig({ split: { kind: 'none' }, epochs: 1 }));
    const hp = resolveHyperParams('smoke_test', TINY_HP);
    const poisoned = ds.items[2]!;
    const poison = async (workDir: string) => {
      // Two ligand atoms at one point: a zero-length edge, a 0/0 direction and a NaN loss.
      const cache = new FeatureCache({ dir: join(workDir, 'features') });
      const { featuriseItems } = await import('../../src/training/featurise-dataset.js');
      const f = await featuriseItems([poisoned], hp);
      const pos = Float32Array.from(f.features[0]!.positions);
      pos.set(pos.subarray(0, 3), 3);
      const key = cache.key({
        protein: readFileSync(poisoned.proteinPath),
        ligand: readFileSync(poisoned.ligandPath),
        record: poisoned.ligandRecord,
        settings: featureCacheSettings(hp),
      });
      await cache.set(key, { ...f.features[0]!, positions: pos });
    };
    const skipDir = tmpWorkDir();
    await poison(skipDir);
    const job = await TrainingJob.create({ config, dataset: ds, workDir: skipDir });
    const warnings: string[] = [];
    const skippedSteps: number[] = [];
    job.on('log', (l) => l.level === 'warn' && warnings.push(l.message));
    job.on('step', (s) => s.skipped && skippedSteps.push(s.step));
    const r = await job.start().done;
    expect(r.nanBatches).toHaveLength(1);
    expect(r.nanBatches[0]!.ids).toEqual([poisoned.id]);
    expect(skippedSteps).toEqual([r.nanBatches[0]!.step]);
    expect(warnings.some((w) => w.includes(poisoned.id))).toBe(true);

    const stopDir = tmpWorkDir();
    await poison(stopDir);
    const stopJob = await TrainingJob.create({
      config: { ...config, nanPolicy: 'stop' },
      dataset: ds,
      workDir: stopDir,
    });
    const err = await stopJob.start().done.catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TRAINING_NON_FINITE', details: { ids: [poisoned.id] } });
    expect(stopJob.state).toBe('failed');
  });

  it('runs in a worker thread with the same events, and stops there too', async () => {
    const workDir = tmpWorkDir();
    const job = await TrainingJob.create({
      config: tinyConfig({ epochs: 2 }),
      dataset: FEP_FIXTURE,
      workDir,
      useWorker: true,
    });
    let steps = 0;
    job.on('step', () => steps++);
    const r = await job.start().done;
    expect(r.steps).toBe(10);
    expect(steps).toBe(10);
    expect(existsSync(join(r.modelDir, 'model.json'))).toBe(true);

    const stopDir = tmpWorkDir();
    const stopJob = await TrainingJob.create({
      config: tinyConfig({ epochs: 3 }),
      dataset: FEP_FIXTURE,
      workDir: stopDir,
      useWorker: true,
    });
    let after = -1;
    stopJob.on('step', (e) => {
      if (after >= 0) after++;
      if (e.step === 2) {
        stopJob.stop();
        after = 0;
      }
    });
    await expect(stopJob.start().done).rejects.toMatchObject({ code: 'TRAINING_CANCELLED' });
    // A step message may already be in flight when stop() is sent, so allow the one in progress and one queued.
    expect(after).toBeLessThanOrEqual(2);
  });

  it('centreByTarget trains on within-series differences: a series offset leaves the target scale unchanged', async () => {
    const ds = await openDatasetDir(FEP_FIXTURE);
    const shifted = ds.items.map((i) => ({
      ...i,
      id: `shifted/${i.id}`,
      target: 'shifted',
      label: { ...i.label!, pK: i.label!.pK + 2 },
    }));
    const both = { ...ds, items: [...ds.items, ...shifted] };
    const pks = ds.items.map((i) => i.label!.pK);
    const m = pks.reduce((a, b) => a + b, 0) / pks.length;
    const sd = Math.sqrt(pks.reduce((a, b) => a + (b - m) ** 2, 0) / pks.length);
    const run = async (centreByTarget: boolean) =>
      (
        await TrainingJob.create({
          config: tinyConfig({ epochs: 1, batchSize: 7, split: { kind: 'none' }, centreByTarget }),
          dataset: both,
          workDir: tmpWorkDir(),
        })
      ).start().done;
    const centred = await run(true);
    expect(centred.target.mean).toBeCloseTo(m + 1, 5);
    expect(centred.target.std).toBeCloseTo(sd, 5);
    const plain = await run(false);
    expect(plain.target.std).toBeCloseTo(Math.sqrt(sd * sd + 1), 5);
  });

  it('rejects a bad config with a typed error', async () => {
    await expect(
      TrainingJob.create({ config: { epochs: 0 }, dataset: FEP_FIXTURE, workDir: tmpWorkDir() }),
    ).rejects.toMatchObject({ code: 'TRAINING_BAD_CONFIG' });
    await expect(TrainingJob.resumeFrom(tmpWorkDir())).rejects.toMatchObject({
      code: 'TRAINING_NO_CHECKPOINT',
    });
  });
});
