/**
 * Training throughput of the COMPASS model (complexes/s, forward + backward + AdamW in one ONNX step) for the
 * prototyping and production sizes, against forward-only inference throughput measured in the same run, with the
 * process's peak resident memory after each phase. Data: the GIGN toy set (PDBbind-derived; read-only, never copied).
 */
import { join } from 'node:path';
import {
  buildInferenceProgram,
  buildTrainStepProgram,
  initParams,
  nextOutput,
  paramInput,
} from '@compass/sdk/graph';
import {
  compassBatchFeeds,
  countCompassParams,
  createCompassModelDef,
  createLocalSession,
  type DevelopmentMode,
  featuriseItems,
  hostTensor,
  openDatasetDir,
  resolveHyperParams,
  type TensorMap,
} from '@compass/sdk/engine';
import { sharedDataAvailable, sharedDataDir } from '../support/shared-data.js';

const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function measure(mode: DevelopmentMode, batch: number, steps: number): Promise<void> {
  const hp = resolveHyperParams(mode);
  const ds = await openDatasetDir(join(sharedDataDir(), 'gign-toyset'));
  const f = await featuriseItems(ds.items.slice(0, batch * (steps + 1)), hp);
  const atoms = f.features.reduce((s, c) => s + c.numAtoms, 0) / f.features.length;
  const model = createCompassModelDef(hp, { loss: 'huber' });
  const init = initParams(model, { seed: 1 });
  const batches = Array.from({ length: steps + 1 }, (_, s) => {
    const items = f.features.slice(s * batch, (s + 1) * batch);
    return compassBatchFeeds(items, hp, { targets: items.map(() => 0.1) });
  });

  // Baseline: forward-only inference on the same batches.
  const infer = await createLocalSession(buildInferenceProgram(model).onnx, { intraOpThreads: 1 });
  const params: TensorMap = Object.fromEntries(Object.entries(init).map(([k, v]) => [paramInput(k), v]));
  const fwd = async (b: TensorMap) => {
    const { y: _y, ...inputs } = b;
    await infer.run({ ...params, ...inputs });
  };
  await fwd(batches[0]!);
  let t = performance.now();
  for (const b of batches.slice(1)) await fwd(b);
  const fwdRate = (batch * steps) / ((performance.now() - t) / 1000);
  await infer.release();
  const fwdPeak = peakMb();

  const program = buildTrainStepProgram(model, {
    optimiser: { kind: 'adamw', weightDecay: 1e-5 },
    clipNorm: 1,
  });
  const train = await createLocalSession(program.onnx, { intraOpThreads: 1 });
  let state: TensorMap = { ...params };
  for (const s of program.stateNames) {
    const p = init[s.slice(s.indexOf('.') + 1)]!;
    state[s] = hostTensor('float32', p.dims, new Float32Array(p.data.length));
  }
  let n = 0;
  const step = async (b: TensorMap) => {
    n++;
    const out = await train.run({
      ...b,
      ...state,
      lr: hostTensor('float32', [], [1e-3]),
      step: hostTensor('float32', [], [n]),
    });
    state = Object.fromEntries(Object.keys(state).map((k) => [k, out[nextOutput(k)]!]));
  };
  await step(batches[0]!);
  t = performance.now();
  for (const b of batches.slice(1)) await step(b);
  const trainRate = (batch * steps) / ((performance.now() - t) / 1000);
  await train.release();
  console.log(
    `${mode.padEnd(12)} ${hp.hidden}/${hp.layers} ${countCompassParams(hp).toLocaleString('en')} params, ${hp.pocketRadius} A pockets ` +
      `(${atoms.toFixed(0)} atoms avg), batch ${batch}: train ${trainRate.toFixed(2)} complexes/s, forward ${fwdRate.toFixed(2)} ` +
      `complexes/s (train/forward ${(trainRate / fwdRate).toFixed(2)}), peak RSS ${fwdPeak} MB after forward, ${peakMb()} MB after training`,
  );
}

/** Prints training and forward-only throughput for the prototyping and production sizes. */
export async function run(): Promise<void> {
  if (!sharedDataAvailable()) {
    console.log('model-training: shared data not found (COMPASS_DATA_DIR); skipped');
    return;
  }
  const steps = Number(process.env.COMPASS_BENCH_STEPS ?? 3);
  console.log('1 intra-op thread (ScatterND add is only exact single-threaded), float32, heavy-atom pockets');
  await measure('prototyping', 8, steps);
  await measure('production', 4, Math.max(1, steps - 1));
}
