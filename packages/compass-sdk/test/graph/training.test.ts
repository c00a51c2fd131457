/** End to end: a message-passing model trains to near-zero loss; inference and eval reproduce the train program. */
import { describe, expect, it } from 'vitest';
import * as G from '../../src/graph/index.js';
import { initParams } from '../../src/params/init.js';
import { createLocalSession } from '../../src/runtime/session.js';
import { Trainer } from '../../src/runtime/trainer.js';
import { messagePassingModel, randomBatch } from './mp-model.js';

const SIZES = { types: 4, features: 16, rbf: 8, k: 4 };

describe('training through the train-step program', () => {
  for (const layout of ['edges', 'padded'] as const) {
    it(`${layout} layout: Adam reaches near-zero loss; inference reproduces the train program's predictions`, async () => {
      const model = messagePassingModel(layout, SIZES);
      const batch = randomBatch(24, 72, 4, SIZES, 11)[layout];
      const train = G.buildTrainStepProgram(model, { optimiser: { kind: 'adam' }, clipNorm: 10 });
      const trainer = await Trainer.create(train, initParams(model, { seed: 2 }));
      const first = await trainer.step(batch, 1e-2);
      let last = first;
      for (let i = 0; i < 300; i++) last = await trainer.step(batch, 1e-2);
      expect(first.loss).toBeGreaterThan(1e-2);
      expect(last.loss).toBeLessThan(1e-4);
      // lr 0 leaves the parameters as they are and reports the predictions they give.
      const probe = await trainer.step(batch, 0);
      const { y: _target, ...inputs } = batch;
      const inf = await createLocalSession(G.buildInferenceProgram(model).onnx);
      const evalS = await createLocalSession(G.buildEvalProgram(model).onnx);
      const predicted = (await inf.run({ ...trainer.paramFeeds(), ...inputs }))['pred.y']!
        .data as Float32Array;
      const evaluated = await evalS.run({ ...trainer.paramFeeds(), ...batch });
      expect(Array.from(predicted)).toEqual(Array.from(probe.predictions.y!.data as Float32Array));
      expect(Array.from(evaluated['pred.y']!.data as Float32Array)).toEqual(Array.from(predicted));
      expect(Number(evaluated.loss!.data[0])).toBeCloseTo(probe.loss, 7);
      await Promise.all([inf.release(), evalS.release(), trainer.close()]);
    });
  }
});
