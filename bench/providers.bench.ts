/**
 * Execution providers: asks for 'cpu', 'cuda', 'webgpu' and 'auto' in turn and prints which provider actually ran,
 * the fallback warnings (naming the missing library), a 2048^3 MatMul and the message-passing forward and train
 * step (padded layout, N=2,000, E=40,000, F=64, B=16) on it, against the CPU session of the same run. On a
 * CPU-only machine every request ends on CPU with a warning; on a GPU machine this is the one prepared script
 * that shows what CUDA and WebGPU give (`npm run bench -- providers`).
 */
import * as G from '../packages/compass-sdk/src/graph/index.js';
import { encodeModel } from '../packages/compass-sdk/src/graph/index.js';
import { initParams } from '../packages/compass-sdk/src/params/index.js';
import {
  type ProviderRequest,
  createLocalSession,
  hostTensor,
} from '../packages/compass-sdk/src/runtime/index.js';
import { Trainer } from '../packages/compass-sdk/src/runtime/trainer.js';
import { messagePassingModel, randomBatch } from '../packages/compass-sdk/test/graph/mp-model.js';

const [N, E, F, B, K, R] = [2000, 40_000, 64, 16, 20, 16];
const SIZES = { types: 11, features: F, rbf: R, k: K };
const REQUESTS: ProviderRequest[] = ['cpu', 'cuda', 'webgpu', 'auto'];

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

/** Runs the benchmark and prints one row per requested provider. */
export async function run(): Promise<void> {
  const n = 2048;
  const mm = new G.Graph();
  mm.output('c', G.matmul(mm.input('a', 'float32', [n, n]), mm.input('b', 'float32', [n, n])));
  const mmOnnx = encodeModel(mm);
  const a = hostTensor('float32', [n, n], new Float32Array(n * n).fill(0.5));

  const batch = randomBatch(N, E, B, SIZES, 7);
  const model = messagePassingModel('padded', SIZES);
  const params = initParams(model, { seed: 1 });
  const pf = Object.fromEntries(Object.entries(params).map(([k, v]) => [`param.${k}`, v]));
  const { y: _y, ...inputs } = batch.padded;
  const inference = G.buildInferenceProgram(model).onnx;
  const train = G.buildTrainStepProgram(model, { optimiser: { kind: 'adam' }, clipNorm: 1 });

  console.log(`providers: MatMul ${n}^3 and a message-passing block (padded, N=${N} E=${E} F=${F} B=${B})`);
  console.log(
    '| requested | ran on | warnings | MatMul (ms) | GFLOP/s | forward (ms) | train step (ms) | forward vs cpu |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  let cpuForward = 0;
  for (const provider of REQUESTS) {
    const mmSession = await createLocalSession(mmOnnx, { provider });
    const mmMs = await median(5, () => mmSession.run({ a, b: a }));
    const inf = await createLocalSession(inference, { provider });
    const fwd = await median(10, () => inf.run({ ...pf, ...inputs }));
    const trainer = await Trainer.create(train, params, { settings: { provider } });
    const step = await median(10, () => trainer.step(batch.padded, 1e-4));
    if (provider === 'cpu') cpuForward = fwd;
    const warnings = inf.warnings.map((w) => `${w.provider}: ${w.missing}`).join('; ') || '-';
    console.log(
      `| ${provider} | ${inf.provider} | ${warnings} | ${mmMs.toFixed(1)} | ${((2 * n ** 3) / mmMs / 1e6).toFixed(1)} | ${fwd.toFixed(1)} | ${step.toFixed(1)} | ${(cpuForward / fwd).toFixed(2)}x |`,
    );
    await Promise.all([mmSession.release(), inf.release(), trainer.close()]);
  }
}
