/** Test helper: a whole model's loss gradient w.r.t. every parameter tensor against central finite differences. */
import { gradients } from '../../src/graph/autodiff.js';
import { Graph } from '../../src/graph/graph.js';
import type { ModelDef } from '../../src/graph/model-def.js';
import { paramInput } from '../../src/graph/programs.js';
import type { Value } from '../../src/graph/value.js';
import { encodeModel } from '../../src/graph/onnx-export.js';
import { initParams, seededRandom } from '../../src/params/init.js';
import { type TensorMap, hostTensor } from '../../src/runtime/host-tensor.js';
import { createLocalSession } from '../../src/runtime/session.js';

/** Worst relative error (|numeric - analytic| / (1 + |numeric|)) and how many entries were checked. */
export interface ParamGradCheck {
  readonly worst: number;
  readonly checked: number;
  readonly loss: number;
}

/**
 * Builds the model's float64 loss and its gradients, perturbs the seeded initial parameters (so zero biases and
 * unit gains carry gradient too), and compares two entries of every parameter tensor (all of the tiny ones)
 * with central differences (h = 1e-6). `feeds` are float64 batch inputs and targets.
 */
export async function paramGradCheck(model: ModelDef, feeds: TensorMap, seed = 7): Promise<ParamGradCheck> {
  const g = new Graph();
  const p: Record<string, Value> = {};
  for (const [k, s] of Object.entries(model.params)) p[k] = g.input(paramInput(k), 'float64', s.shape);
  const x: Record<string, Value> = {};
  for (const [k, s] of Object.entries({ ...model.inputs, ...model.targets }))
    x[k] = g.input(k, s.dtype === 'float' ? 'float64' : s.dtype, s.shape);
  const loss = model.loss(model.forward(p, x), x);
  const names = Object.keys(model.params);
  const grads = gradients(
    loss,
    names.map((k) => p[k]!),
  );
  g.output('loss', loss);
  grads.forEach((gr, i) => g.output(`grad.${names[i]}`, gr));
  const session = await createLocalSession(encodeModel(g), { float64: true });
  try {
    const rand = seededRandom(seed + 4);
    const params: TensorMap = {};
    for (const [k, t] of Object.entries(initParams(model, { seed })))
      params[paramInput(k)] = hostTensor(
        'float64',
        t.dims,
        Float64Array.from(t.data as Float32Array, (v) => v + 0.2 * (rand() - 0.5)),
      );
    const all = { ...feeds, ...params };
    const base = await session.run(all);
    const lossAt = async (name: string, j: number, h: number): Promise<number> => {
      const t = params[paramInput(name)]!;
      const d = Float64Array.from(t.data as Float64Array);
      d[j]! += h;
      const out = await session.run({ ...all, [paramInput(name)]: hostTensor('float64', t.dims, d) });
      return (out.loss!.data as Float64Array)[0]!;
    };
    let worst = 0;
    let checked = 0;
    for (const name of names) {
      const n = params[paramInput(name)]!.data.length;
      const analytic = base[`grad.${name}`]!.data as Float64Array;
      for (const j of n <= 2 ? [...Array(n).keys()] : [Math.floor(rand() * n), Math.floor(rand() * n)]) {
        const h = 1e-6;
        const numeric = ((await lossAt(name, j, h)) - (await lossAt(name, j, -h))) / (2 * h);
        worst = Math.max(worst, Math.abs(numeric - analytic[j]!) / (1 + Math.abs(numeric)));
        checked++;
      }
    }
    return { worst, checked, loss: (base.loss!.data as Float64Array)[0]! };
  } finally {
    await session.release();
  }
}
