/**
 * Graph engine benchmark: forward and train-step times of a message-passing block at N=2,000 atoms, E=40,000
 * edges, F=64, B=16 graphs in each aggregation layout and at 1 and 2 intra-op threads, with achieved GFLOP/s
 * next to this machine's peak (a 2048^3 MatMul through the same runtime, same run), and the segment sums alone.
 */
import * as G from '../packages/compass-sdk/src/graph/index.js';
import { encodeModel } from '../packages/compass-sdk/src/graph/index.js';
import { initParams } from '../packages/compass-sdk/src/params/index.js';
import { type TensorMap, createLocalSession, hostTensor } from '../packages/compass-sdk/src/runtime/index.js';
import { Trainer } from '../packages/compass-sdk/src/runtime/trainer.js';
import {
  type Layout,
  messagePassingModel,
  randomBatch,
} from '../packages/compass-sdk/test/graph/mp-model.js';

const [N, E, F, B, K, R] = [2000, 40_000, 64, 16, 20, 16];
const SIZES = { types: 11, features: F, rbf: R, k: K };

async function median(reps: number, f: () => Promise<unknown>): Promise<number> {
  await f();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const s = performance.now();
    await f();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

async function peak(threads: number): Promise<number> {
  const n = 2048;
  const g = new G.Graph();
  g.output('c', G.matmul(g.input('a', 'float32', [n, n]), g.input('b', 'float32', [n, n])));
  const s = await createLocalSession(encodeModel(g), { intraOpThreads: threads });
  const a = hostTensor('float32', [n, n], new Float32Array(n * n).fill(0.5));
  const ms = await median(5, () => s.run({ a, b: a }));
  await s.release();
  return (2 * n ** 3) / ms / 1e6;
}

/** MatMul FLOPs of one forward pass (element-wise work is not counted). */
const FORWARD_FLOPS = 2 * E * (F + R) * F + 2 * N * F * F + 2 * N * F;

async function aggregation(threads: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const rand = Array.from({ length: E }, (_, i) => (i * 7919) % N);
  const msg = hostTensor('float32', [E, F], new Float32Array(E * F).fill(1));
  for (const kind of ['ScatterElements', 'ScatterND', 'padded'] as const) {
    const g = new G.Graph();
    let feeds: TensorMap;
    if (kind === 'padded') {
      const m = g.input('m', 'float32', ['N', K, F]);
      g.output('s', G.paddedSum(m, g.input('mask', 'float32', ['N', K])));
      feeds = {
        m: hostTensor('float32', [N, K, F], msg.data),
        mask: hostTensor('float32', [N, K], new Float32Array(N * K).fill(1)),
      };
    } else {
      const m = g.input('m', 'float32', ['E', F]);
      const dst = g.input('dst', 'int64', ['E']);
      const like = g.input('like', 'float32', ['N', F]);
      g.output(
        's',
        kind === 'ScatterND'
          ? G.scatterND(G.zerosLike(like), G.unsqueeze(dst, [1]), m, 'add')
          : G.segmentSum(m, dst, like),
      );
      feeds = {
        m: msg,
        dst: hostTensor('int64', [E], rand),
        like: hostTensor('float32', [N, F], new Float32Array(N * F)),
      };
    }
    const s = await createLocalSession(encodeModel(g), { intraOpThreads: threads });
    out[kind] = await median(15, () => s.run(feeds));
    const sum = (await s.run(feeds)).s!.data as Float32Array;
    let total = 0;
    for (const v of sum) total += v;
    if (total !== E * F) out[`${kind} LOST UPDATES`] = E * F - total;
    await s.release();
  }
  return out;
}

/** Runs the benchmark and prints its tables. */
export async function run(): Promise<void> {
  const batch = randomBatch(N, E, B, SIZES, 7);
  console.log(
    `message-passing block: N=${N} E=${batch.edges.src!.dims[0]} F=${F} B=${B} K=${K} RBF=${R}, float32, Adam, CPU`,
  );
  for (const threads of [1, 2]) {
    const p = await peak(threads);
    console.log(`\n${threads} intra-op thread(s): peak MatMul 2048^3 = ${p.toFixed(1)} GFLOP/s`);
    console.log(
      '| layout | build+encode train (ms) | forward (ms) | train step (ms) | forward GFLOP/s | train GFLOP/s |',
    );
    console.log('|---|---|---|---|---|---|');
    for (const layout of ['edges', 'padded', 'scatternd'] as Layout[]) {
      if (layout === 'scatternd' && threads > 1) continue; // wrong results on >1 thread: not a candidate
      const model = messagePassingModel(layout, SIZES);
      const feeds = layout === 'padded' ? batch.padded : batch.edges;
      const t0 = performance.now();
      const train = G.buildTrainStepProgram(model, { optimiser: { kind: 'adam' }, clipNorm: 1 });
      const buildMs = performance.now() - t0;
      const params = initParams(model, { seed: 1 });
      const inf = await createLocalSession(G.buildInferenceProgram(model).onnx, { intraOpThreads: threads });
      const { y: _y, ...inputs } = feeds;
      const pf = Object.fromEntries(Object.entries(params).map(([k, v]) => [`param.${k}`, v]));
      const fwd = await median(10, () => inf.run({ ...pf, ...inputs }));
      const trainer = await Trainer.create(train, params, { settings: { intraOpThreads: threads } });
      const step = await median(10, () => trainer.step(feeds, 1e-4));
      console.log(
        `| ${layout} | ${buildMs.toFixed(1)} | ${fwd.toFixed(1)} | ${step.toFixed(1)} | ${(FORWARD_FLOPS / fwd / 1e6).toFixed(2)} | ${((3 * FORWARD_FLOPS) / step / 1e6).toFixed(2)} |`,
      );
      await Promise.all([inf.release(), trainer.close()]);
    }
    const agg = await aggregation(threads);
    console.log(
      `segment sum [E=${E}, F=${F}] -> [N=${N}, F] (ms): ${Object.entries(agg)
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(', ')}`,
    );
  }
  console.log(
    '\nGFLOP/s counts MatMul FLOPs only (train = 3x forward); element-wise work and aggregation dominate this block.',
  );
}
