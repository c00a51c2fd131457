/** Trainer: a step's outputs before they are committed, discarding a step, snapshots, and resuming a state. */
import { describe, expect, it } from 'vitest';
import * as G from '../../src/graph/index.js';
import { initParams } from '../../src/params/init.js';
import type { TensorMap } from '../../src/runtime/host-tensor.js';
import { Trainer } from '../../src/runtime/trainer.js';
import { messagePassingModel, randomBatch } from '../graph/mp-model.js';

const SIZES = { types: 4, features: 8, rbf: 4, k: 4 };
const values = (m: TensorMap) =>
  Object.fromEntries(Object.entries(m).map(([k, t]) => [k, Array.from(t.data as Float32Array)]));

describe('Trainer', () => {
  const model = messagePassingModel('edges', SIZES);
  const batch = randomBatch(8, 24, 2, SIZES, 3).edges;
  const program = G.buildTrainStepProgram(model, { optimiser: { kind: 'adam' } });

  it('tryStep reports a step before it changes anything; commit adopts it, discard only counts it', async () => {
    const trainer = await Trainer.create(program, initParams(model, { seed: 1 }));
    const emitted: number[] = [];
    trainer.on('step', (r) => emitted.push(r.step));
    const before = values(trainer.snapshot());
    const pending = await trainer.tryStep(batch, 1e-2);
    expect(pending).toMatchObject({ step: 1, finite: true });
    expect(values(trainer.snapshot())).toEqual(before);
    await expect(trainer.tryStep(batch, 1e-2)).rejects.toThrow(
      'Trainer: the previous step is neither committed nor discarded',
    );
    pending.discard();
    expect(() => pending.commit()).toThrow('Trainer: step 1 is already settled');
    expect(trainer.stepCount).toBe(1);
    expect(values(trainer.snapshot())).toEqual(before);
    expect(emitted).toEqual([]);
    // The same batch from the same parameters gives the same loss; committing moves the parameters.
    const again = await trainer.tryStep(batch, 1e-2);
    expect(again.step).toBe(2);
    expect(again.loss).toBe(pending.loss);
    again.commit();
    expect(emitted).toEqual([2]);
    expect(values(trainer.snapshot())).not.toEqual(before);
    await trainer.close();
  });

  it('resume continues exactly where a snapshot was taken', async () => {
    const a = await Trainer.create(program, initParams(model, { seed: 1 }));
    for (let i = 0; i < 3; i++) await a.step(batch, 1e-2);
    const saved = { state: a.snapshot(), steps: a.stepCount };
    const next = await a.step(batch, 1e-2);
    const b = await Trainer.resume(program, saved);
    expect(b.stepCount).toBe(3);
    const resumed = await b.step(batch, 1e-2);
    expect(resumed.step).toBe(4);
    expect(resumed.loss).toBe(next.loss);
    expect(values(b.params)).toEqual(values(a.params));
    // restore() puts a snapshot back; a state without every slot is refused.
    b.restore(saved.state);
    expect(values(b.snapshot())).toEqual(values(saved.state));
    const { [program.stateNames[0]!]: _dropped, ...partial } = saved.state;
    expect(() => b.restore(partial)).toThrow(`trainer state lacks ${program.stateNames[0]}`);
    await Promise.all([a.close(), b.close()]);
  });
});
