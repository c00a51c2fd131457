/** Aggregation is exact at every thread count: segment sums, a forward pass and a train step at 1 and 2 intra-op threads. */
import { describe, expect, it } from 'vitest';
import * as G from '../../src/graph/index.js';
import { encodeModel } from '../../src/graph/index.js';
import { initParams } from '../../src/params/init.js';
import { type TensorMap, hostTensor } from '../../src/runtime/host-tensor.js';
import { createLocalSession } from '../../src/runtime/session.js';
import { Trainer } from '../../src/runtime/trainer.js';
import { messagePassingModel, randomBatch } from '../graph/mp-model.js';

const SIZES = { types: 4, features: 16, rbf: 8, k: 16 };

async function runAt(threads: number, onnx: Uint8Array, feeds: TensorMap): Promise<TensorMap> {
  const s = await createLocalSession(onnx, { intraOpThreads: threads });
  try {
    return await s.run(feeds);
  } finally {
    await s.release();
  }
}

function plain(m: TensorMap): Record<string, number[]> {
  return Object.fromEntries(Object.entries(m).map(([k, t]) => [k, Array.from(t.data as Float32Array)]));
}

describe('aggregation at 1 and 2 intra-op threads', () => {
  it('segment sums (ScatterElements add and padded) of 200,000 edges agree exactly across thread counts and with integer truth', async () => {
    const n = 1000;
    const e = 200_000;
    const g = new G.Graph();
    const ones = g.input('ones', 'float32', ['E', 2]);
    const dst = g.input('dst', 'int64', ['E']);
    const like = g.input('like', 'float32', ['N', 2]);
    g.output('sum', G.segmentSum(ones, dst, like));
    const onnx = encodeModel(g);
    const d = Array.from({ length: e }, (_, i) => (i * 7919) % n);
    const feeds = {
      ones: hostTensor('float32', [e, 2], new Float32Array(2 * e).fill(1)),
      dst: hostTensor('int64', [e], d),
      like: hostTensor('float32', [n, 2], new Float32Array(2 * n)),
    };
    const one = plain(await runAt(1, onnx, feeds));
    const two = plain(await runAt(2, onnx, feeds));
    expect(two).toEqual(one);
    expect(one.sum).toEqual(new Array<number>(2 * n).fill(e / n));
  });

  for (const layout of ['edges', 'padded'] as const) {
    it(`${layout} layout: a whole forward and a train step give identical results at 1 and 2 threads`, async () => {
      const model = messagePassingModel(layout, SIZES);
      const batch = randomBatch(400, 6000, 8, SIZES, 5)[layout];
      const params = initParams(model, { seed: 3 });
      const paramFeeds = Object.fromEntries(Object.entries(params).map(([k, v]) => [`param.${k}`, v]));
      const { y: _y, ...inputs } = batch;
      const inf = G.buildInferenceProgram(model).onnx;
      expect(plain(await runAt(2, inf, { ...paramFeeds, ...inputs }))).toEqual(
        plain(await runAt(1, inf, { ...paramFeeds, ...inputs })),
      );
      const program = G.buildTrainStepProgram(model, { optimiser: { kind: 'adam' } });
      const results = [];
      for (const threads of [1, 2]) {
        const t = await Trainer.create(program, params, { settings: { intraOpThreads: threads } });
        const r = await t.step(batch, 1e-3);
        results.push({ loss: r.loss, gradNorm: r.gradNorm, params: plain(t.params) });
        await t.close();
      }
      expect(results[1]).toEqual(results[0]);
    });
  }
});
