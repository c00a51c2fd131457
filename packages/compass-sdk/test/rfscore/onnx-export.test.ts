/** The exported TreeEnsembleRegressor run by onnxruntime equals the JS forest and booster (float32 tolerance). */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRfScoreCsv } from '../../src/rfscore/features-csv.js';
import { encodeTreeEnsembleOnnx } from '../../src/rfscore/onnx-export.js';
import { predictTree } from '../../src/rfscore/regression-tree.js';
import { trainTreeEnsemble } from '../../src/rfscore/train-ensemble.js';
import { predictEnsemble, type TreeEnsemble } from '../../src/rfscore/tree-ensemble.js';
import { hostTensor } from '../../src/runtime/host-tensor.js';
import { createLocalSession, type ModelSession } from '../../src/runtime/session.js';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import { syntheticSet } from './synthetic.js';

const have = sharedDataAvailable();
const sessions: ModelSession[] = [];
afterAll(async () => Promise.all(sessions.map((s) => s.release())));

async function runOnnx(model: TreeEnsemble, features: Float64Array) {
  const s = await createLocalSession(encodeTreeEnsembleOnnx(model), { intraOpThreads: 1 });
  sessions.push(s);
  const n = features.length / 36;
  return {
    n,
    out: await s.run({ features: hostTensor('float32', [n, 36], Float32Array.from(features)) }),
    s,
  };
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('encodeTreeEnsembleOnnx', () => {
  const train = syntheticSet(500, 5);
  const rows = syntheticSet(300, 6).features;

  it('forest: pK, uncertainty and each tree agree with the JS model', async () => {
    const { model } = await trainTreeEnsemble(train, { kind: 'random-forest', trees: 25, seed: 2 });
    const { n, out, s } = await runOnnx(model, rows);
    expect([...s.outputNames]).toEqual(['pK', 'uncertainty', 'trees']);
    expect(out.pK!.dims).toEqual([n, 1]);
    expect(out.trees!.dims).toEqual([n, 25]);
    const js = predictEnsemble(model, rows);
    // Each tree's value is one float32 leaf weight: exact. The mean and spread are float32 reductions.
    const perTree = Array.from({ length: n * 25 }, (_, k) =>
      predictTree(model.trees[k % 25]!, rows, Math.floor(k / 25) * 36),
    );
    expect(maxAbs(out.trees!.data as Float32Array, perTree)).toBe(0);
    expect(maxAbs(out.pK!.data as Float32Array, js.values)).toBeLessThan(1e-5);
    expect(maxAbs(out.uncertainty!.data as Float32Array, js.spreads!)).toBeLessThan(1e-5);
  });

  it('boosting: one target with the base value', async () => {
    const { model } = await trainTreeEnsemble(train, { kind: 'gradient-boosting', trees: 60, seed: 2 });
    const { out, s } = await runOnnx(model, rows);
    expect([...s.outputNames]).toEqual(['pK']);
    expect(maxAbs(out.pK!.data as Float32Array, predictEnsemble(model, rows).values)).toBeLessThan(1e-5);
  });

  it.skipIf(!have)('forest trained on GIGN train rows agrees on all 1,000 valid rows', async () => {
    const dir = join(sharedDataDir(), 'gign-reference', 'rfscore-v1');
    const [tr, va] = await Promise.all([
      readRfScoreCsv(join(dir, 'train.csv')),
      readRfScoreCsv(join(dir, 'valid.csv')),
    ]);
    const { model } = await trainTreeEnsemble(
      { features: tr.features, targets: tr.pK, featureCount: 36 },
      { kind: 'random-forest', trees: 8, seed: 4 },
    );
    const { out } = await runOnnx(model, va.features);
    const js = predictEnsemble(model, va.features);
    expect(maxAbs(out.pK!.data as Float32Array, js.values)).toBeLessThan(1e-5);
    expect(maxAbs(out.uncertainty!.data as Float32Array, js.spreads!)).toBeLessThan(1e-5);
  });
});
