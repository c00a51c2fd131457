/** The TSDoc example of buildTrainStepProgram, run as written (through the package barrel): XOR is learnt. */
import { describe, expect, it } from 'vitest';
import {
  buildInferenceProgram,
  buildTrainStepProgram,
  initParams,
  linear,
  type ModelDef,
  mse,
  silu,
} from '../../src/entries/graph.js';
import { createLocalSession, hostTensor, Trainer } from '../../src/entries/engine.js';

describe('documented example', () => {
  it('trains a tiny MLP on XOR with AdamW and runs it through the inference program', async () => {
    const model: ModelDef = {
      params: {
        w1: { shape: [2, 8], init: 'glorot' },
        b1: { shape: [8], init: 'zeros' },
        w2: { shape: [8, 1], init: 'glorot' },
        b2: { shape: [1], init: 'zeros' },
      },
      inputs: { x: { dtype: 'float', shape: ['B', 2] } },
      targets: { y: { dtype: 'float', shape: ['B', 1] } },
      forward: (p, i) => ({ y: linear(silu(linear(i.x!, p.w1!, p.b1!)), p.w2!, p.b2!) }),
      loss: (pred, t) => mse(pred.y!, t.y!),
    };
    const train = buildTrainStepProgram(model, {
      optimiser: { kind: 'adamw', weightDecay: 1e-5 },
      clipNorm: 1,
    });
    const trainer = await Trainer.create(train, initParams(model, { seed: 42 }));
    const batch = {
      x: hostTensor('float32', [4, 2], [0, 0, 0, 1, 1, 0, 1, 1]),
      y: hostTensor('float32', [4, 1], [0, 1, 1, 0]),
    };
    for (let step = 1; step <= 500; step++) await trainer.step(batch, 1e-2);
    const infer = await createLocalSession(buildInferenceProgram(model).onnx);
    const { 'pred.y': y } = await infer.run({ ...trainer.paramFeeds(), x: batch.x });
    expect(Array.from(y!.data as Float32Array).map((v) => Math.round(v))).toEqual([0, 1, 1, 0]);
    await Promise.all([infer.release(), trainer.close()]);
  });
});
