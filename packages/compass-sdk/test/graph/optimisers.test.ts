/** Optimisers in the graph against plain JS references, and global-norm clipping. */
import { describe, expect, it } from 'vitest';
import * as G from '../../src/graph/index.js';
import { hostTensor } from '../../src/runtime/host-tensor.js';
import { Trainer } from '../../src/runtime/trainer.js';

/** loss = 0.5 * sum((w - c)^2): the gradient is exactly w - c. */
const model: G.ModelDef = {
  params: { w: { shape: [3], init: 'zeros' } },
  inputs: {},
  targets: { c: { dtype: 'float', shape: [3] } },
  forward: (p) => ({ w: G.identity(p.w!) }),
  loss: (pred, t) => G.mul(G.sumAll(G.mul(G.sub(pred.w!, t.c!), G.sub(pred.w!, t.c!))), 0.5),
};
const C = [1, -2, 0.5];
const W0 = [0.3, 0.1, -0.4];

type Ref = (w: number[], g: number[], t: number, lr: number) => number[];

function sgdRef(mu: number, wd: number): Ref {
  let v = [0, 0, 0];
  return (w, g, _t, lr) => {
    const gg = g.map((x, i) => x + wd * w[i]!);
    v = v.map((x, i) => mu * x + gg[i]!);
    return w.map((x, i) => x - lr * v[i]!);
  };
}

function adamRef(decoupled: boolean, wd: number, b1 = 0.9, b2 = 0.999, eps = 1e-8): Ref {
  let m = [0, 0, 0];
  let v = [0, 0, 0];
  return (w, g, t, lr) => {
    const gg = decoupled ? g : g.map((x, i) => x + wd * w[i]!);
    m = m.map((x, i) => b1 * x + (1 - b1) * gg[i]!);
    v = v.map((x, i) => b2 * x + (1 - b2) * gg[i]! ** 2);
    const base = decoupled ? w.map((x) => x - lr * wd * x) : w;
    return base.map((x, i) => x - (lr * (m[i]! / (1 - b1 ** t))) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + eps));
  };
}

async function compare(spec: G.OptimiserSpec, ref: Ref, clipNorm?: number): Promise<number> {
  const program = G.buildTrainStepProgram(model, {
    optimiser: spec,
    dtype: 'float64',
    ...(clipNorm ? { clipNorm } : {}),
  });
  const trainer = await Trainer.create(program, { w: hostTensor('float64', [3], W0) });
  let w = [...W0];
  let worst = 0;
  for (let t = 1; t <= 5; t++) {
    const lr = 0.1 / t;
    let g = w.map((x, i) => x - C[i]!);
    const norm = Math.hypot(...g);
    if (clipNorm && norm > clipNorm) g = g.map((x) => (x * clipNorm) / norm);
    w = ref(w, g, t, lr);
    const r = await trainer.step({ c: hostTensor('float64', [3], C) }, lr);
    expect(r.gradNorm).toBeCloseTo(norm, 12);
    const got = Array.from(trainer.params.w!.data as Float64Array);
    got.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - w[i]!))));
  }
  await trainer.close();
  return worst;
}

describe('optimisers as graph code', () => {
  it('SGD with momentum and weight decay matches the JS reference', async () => {
    expect(await compare({ kind: 'sgd', momentum: 0.9, weightDecay: 0.01 }, sgdRef(0.9, 0.01))).toBeLessThan(
      1e-14,
    );
  });
  it('plain SGD keeps no state', () => {
    expect(G.optimiserSlots({ kind: 'sgd' })).toEqual([]);
    expect(G.buildTrainStepProgram(model, { optimiser: { kind: 'sgd' } }).stateNames).toEqual([]);
  });
  it('Adam with bias correction and L2 decay matches the JS reference', async () => {
    expect(await compare({ kind: 'adam', weightDecay: 0.1 }, adamRef(false, 0.1))).toBeLessThan(1e-14);
  });
  it('AdamW (decoupled decay) matches the JS reference', async () => {
    expect(await compare({ kind: 'adamw', weightDecay: 0.1 }, adamRef(true, 0.1))).toBeLessThan(1e-14);
  });
  it('global-norm clipping scales gradients above the threshold only', async () => {
    expect(await compare({ kind: 'sgd' }, sgdRef(0, 0), 0.5)).toBeLessThan(1e-14);
    expect(await compare({ kind: 'sgd' }, sgdRef(0, 0), 100)).toBeLessThan(1e-14);
  });
  it('the train program takes parameters, moments, lr and step as inputs and returns their next values', () => {
    const p = G.buildTrainStepProgram(model, { optimiser: { kind: 'adam' } });
    expect(p.inputNames).toEqual(['param.w', 'm.w', 'v.w', 'lr', 'step', 'c']);
    expect(p.outputNames).toEqual(['loss', 'grad_norm', 'pred.w', 'new.param.w', 'new.m.w', 'new.v.w']);
    expect(G.buildInferenceProgram(model).inputNames).toEqual(['param.w']);
    expect(G.buildEvalProgram(model).outputNames).toEqual(['loss', 'pred.w']);
  });
});
