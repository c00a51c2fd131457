/** Tree-ensemble trainers: seeded and reproducible to the byte, they learn, report progress and stop on abort. */
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/training/events.js';
import { StepGate } from '../../src/training/run-control.js';
import { regressionMetrics } from '../../src/training/metrics.js';
import { encodeTreeEnsembleOnnx } from '../../src/rfscore/onnx-export.js';
import { predictTree } from '../../src/rfscore/regression-tree.js';
import { trainTreeEnsemble } from '../../src/rfscore/train-ensemble.js';
import { predictEnsemble } from '../../src/rfscore/tree-ensemble.js';
import { syntheticSet } from './synthetic.js';

const train = syntheticSet(600, 1);
const valid = syntheticSet(200, 2);
const r = (pred: Float64Array, t: Float64Array) => regressionMetrics(Array.from(pred), Array.from(t));

describe('trainTreeEnsemble', () => {
  for (const kind of ['random-forest', 'gradient-boosting'] as const) {
    it(`${kind}: the same seed gives identical ONNX bytes, another seed other trees`, async () => {
      const opts = { kind, trees: 15, seed: 11 };
      const a = await trainTreeEnsemble(train, opts);
      const b = await trainTreeEnsemble(train, opts);
      const c = await trainTreeEnsemble(train, { ...opts, seed: 12 });
      const [ea, eb, ec] = [a, b, c].map((x) => encodeTreeEnsembleOnnx(x.model));
      expect(Buffer.from(ea!).equals(Buffer.from(eb!))).toBe(true);
      expect(Buffer.from(ea!).equals(Buffer.from(ec!))).toBe(false);
      expect(Array.from(predictEnsemble(a.model, valid.features).values)).toEqual(
        Array.from(predictEnsemble(b.model, valid.features).values),
      );
    });
  }

  it('a forest learns the target far better than the mean and reports out-of-bag figures', async () => {
    const { model, metrics } = await trainTreeEnsemble(train, { kind: 'random-forest', trees: 40, seed: 3 });
    const m = r(predictEnsemble(model, valid.features).values, valid.targets);
    expect(m.pearson).toBeGreaterThan(0.85);
    expect(metrics.outOfBag!.n).toBe(600);
    expect(metrics.outOfBag!.pearson).toBeGreaterThan(0.8);
  });

  it('boosting chooses its number of trees on the validation rows', async () => {
    const events: RunEvent[] = [];
    const res = await trainTreeEnsemble(
      train,
      { kind: 'gradient-boosting', trees: 400, learningRate: 0.3, earlyStoppingRounds: 20, seed: 3 },
      { validation: valid, onEvent: (e) => events.push(e) },
    );
    const steps = events.filter((e) => e.type === 'step').length;
    expect(steps).toBeLessThan(400);
    expect(res.model.trees.length).toBe(steps - 20);
    // The kept prefix is the validation optimum: one tree more or less is not better.
    const rmse = (t: number) =>
      r(
        predictEnsemble({ ...res.model, trees: res.model.trees.slice(0, t) }, valid.features).values,
        valid.targets,
      ).rmse;
    expect(rmse(res.model.trees.length)).toBeLessThanOrEqual(rmse(res.model.trees.length - 1));
    expect(res.metrics.validation!.rmse).toBeCloseTo(rmse(res.model.trees.length), 12);
    expect(events.some((e) => e.type === 'log' && /early stop after/.test(e.data.message))).toBe(true);
  });

  it('splits between the two values that separate the rows, at their float32 midpoint', async () => {
    const features = new Float64Array(8 * 36);
    const targets = Float64Array.from([1, 1, 1, 1, 5, 5, 5, 5]);
    [3, 4, 7, 9, 20, 21, 30, 31].forEach((v, i) => (features[i * 36 + 6] = v));
    const { model } = await trainTreeEnsemble(
      { features, targets, featureCount: 36 },
      { kind: 'random-forest', trees: 1, bootstrap: false, maxFeatures: 36, minSamplesSplit: 2 },
    );
    const t = model.trees[0]!;
    expect([t.feature[0], t.threshold[0], t.value[t.left[0]!], t.value[t.right[0]!]]).toEqual([
      6, 14.5, 1, 5,
    ]);
    expect(predictTree(t, features, 3 * 36)).toBe(1);
  });

  it('sends a step per tree with progress up to 1, then one epoch with the validation metrics', async () => {
    const events: RunEvent[] = [];
    await trainTreeEnsemble(
      train,
      { kind: 'random-forest', trees: 6 },
      { validation: valid, onEvent: (e) => events.push(e) },
    );
    const steps = events.filter((e) => e.type === 'step').map((e) => e.data);
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(steps.at(-1)!.progress).toBe(1);
    expect(steps.every((s) => Number.isFinite(s.loss) && s.loss > 0)).toBe(true);
    const epoch = events.find((e) => e.type === 'epoch');
    expect(epoch?.type === 'epoch' && epoch.data.validation?.n).toBe(200);
  });

  it('stops between trees when the signal aborts (RFSCORE_CANCELLED)', async () => {
    const ac = new AbortController();
    const run = trainTreeEnsemble(
      train,
      { kind: 'random-forest', trees: 500 },
      { signal: ac.signal, onEvent: (e) => e.type === 'step' && e.data.step === 3 && ac.abort() },
    );
    await expect(run).rejects.toMatchObject({ code: 'RFSCORE_CANCELLED', details: { trees: 3 } });
  });

  it('pauses, resumes and stops on a StepGate between trees', async () => {
    const gate = new StepGate();
    const steps: number[] = [];
    const run = trainTreeEnsemble(
      train,
      { kind: 'random-forest', trees: 1000 },
      {
        control: gate,
        onEvent: (e) => {
          if (e.type !== 'step') return;
          steps.push(e.data.step);
          if (e.data.step === 2) gate.pause();
        },
      },
    );
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
    };
    await until(() => steps.length >= 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(steps).toEqual([1, 2]); // held while paused
    gate.resume();
    await until(() => steps.length > 2);
    expect(steps.length).toBeGreaterThan(2);
    gate.stop();
    await expect(run).rejects.toMatchObject({ code: 'RFSCORE_CANCELLED' });
    expect(steps.length).toBeLessThan(1000);
  });

  it('weights rows: a row weighted 0 is left out', async () => {
    const weights = new Float64Array(600).fill(1);
    const heavy = { ...train, weights };
    const base = await trainTreeEnsemble(heavy, {
      kind: 'random-forest',
      trees: 3,
      bootstrap: false,
      seed: 1,
    });
    weights.fill(0, 0, 300);
    const half = await trainTreeEnsemble(heavy, {
      kind: 'random-forest',
      trees: 3,
      bootstrap: false,
      seed: 1,
    });
    const firstHalf = await trainTreeEnsemble(
      {
        features: train.features.subarray(300 * 36),
        targets: train.targets.subarray(300),
        featureCount: 36,
      },
      { kind: 'random-forest', trees: 3, bootstrap: false, seed: 1 },
    );
    expect(Array.from(half.model.trees[0]!.value)).toEqual(Array.from(firstHalf.model.trees[0]!.value));
    expect(Array.from(half.model.trees[0]!.value)).not.toEqual(Array.from(base.model.trees[0]!.value));
  });

  it('rejects bad options and inputs with typed errors', async () => {
    await expect(trainTreeEnsemble(train, { kind: 'random-forest', trees: 0 })).rejects.toMatchObject({
      code: 'RFSCORE_BAD_OPTIONS',
      details: { field: 'trees' },
    });
    await expect(trainTreeEnsemble(train, { kind: 'random-forest', maxFeatures: 37 })).rejects.toMatchObject({
      code: 'RFSCORE_BAD_OPTIONS',
      details: { field: 'maxFeatures' },
    });
    const t = Float64Array.from(train.targets);
    t[4] = Number.NaN;
    await expect(
      trainTreeEnsemble({ ...train, targets: t }, { kind: 'gradient-boosting' }),
    ).rejects.toMatchObject({
      code: 'RFSCORE_BAD_INPUT',
      message: 'row 5: target is not finite',
    });
  });
});
