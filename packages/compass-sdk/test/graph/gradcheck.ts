/** Test helper: float64 forward and central finite-difference gradient checks of a graph through onnxruntime-node. */
import { seededRandom } from '@compass/balancer';
import { constTensor } from '../../src/graph/api/const.js';
import { add, mul, sin } from '../../src/graph/api/arith.js';
import { sumAll } from '../../src/graph/api/reduce.js';
import { gradients } from '../../src/graph/autodiff.js';
import { Graph } from '../../src/graph/graph.js';
import type { OpTestInput } from '../../src/graph/op-def.js';
import type { Value } from '../../src/graph/value.js';
import { encodeModel } from '../../src/graph/onnx-export.js';
import { type HostTensor, type TensorMap, hostTensor } from '../../src/runtime/host-tensor.js';
import { createLocalSession } from '../../src/runtime/session.js';

/** Deterministic uniform generator in [0, 1): the project's one seeded RNG (mulberry32). */
export const rng = seededRandom;

/** Random test input tensor. */
export function randomInput(spec: OpTestInput, rand: () => number): HostTensor {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  if ('fixed' in spec) return hostTensor(spec.dtype, spec.shape, spec.fixed);
  if ('int' in spec)
    return hostTensor(
      'int64',
      spec.shape,
      Array.from({ length: n }, () => Math.floor(rand() * spec.int)),
    );
  if ('bool' in spec)
    return hostTensor(
      'bool',
      spec.shape,
      Array.from({ length: n }, () => (rand() < 0.5 ? 1 : 0)),
    );
  const [lo, hi] = spec.range ?? [-2, 2];
  return hostTensor(
    'float64',
    spec.shape,
    Array.from({ length: n }, () => lo + (hi - lo) * rand()),
  );
}

/** Result of a gradient check: worst error relative to (1 + |numeric|), and the forward output. */
export interface GradCheckResult {
  readonly maxError: number;
  readonly forward: Float64Array;
  readonly checked: number;
}

/**
 * Builds y = build(inputs), loss = sum(y * w) for a fixed random w, and compares the analytic gradient of every
 * float input against central differences (h = 1e-6), at graph optimisation level 'all'.
 */
export async function gradCheck(
  inputs: readonly { name: string; tensor: HostTensor; shape?: readonly (number | string)[] }[],
  build: (xs: readonly Value[]) => Value,
  seed = 1,
): Promise<GradCheckResult> {
  const g = new Graph();
  const xs = inputs.map((i) => g.input(i.name, i.tensor.dtype, i.shape ?? i.tensor.dims));
  const y = build(xs);
  const rand = rng(seed + 99);
  let loss: Value;
  if (y.shape.every((d) => typeof d === 'number')) {
    const yn = y.shape.reduce<number>((a, d) => a * (d as number), 1);
    const w = Array.from({ length: yn }, () => rand() * 2 - 1);
    loss = sumAll(mul(y, g.constant(constTensor('float64', y.shape as number[], w))));
  } else {
    // A symbolic output shape cannot take a constant weight: a fixed nonlinear loss still mixes every element.
    loss = sumAll(sin(add(mul(y, 1.3), 0.2)));
  }
  const floats = xs.filter((x) => x.dtype === 'float64');
  const grads = gradients(loss, floats);
  g.output('y', y);
  g.output('loss', loss);
  grads.forEach((gr, i) => g.output(`grad_${floats[i]!.name}`, gr));
  const session = await createLocalSession(encodeModel(g), { float64: true, optimization: 'all' });
  try {
    const feeds: TensorMap = {};
    for (const i of inputs) feeds[i.name] = i.tensor;
    const base = await session.run(feeds);
    let maxError = 0;
    let checked = 0;
    const h = 1e-6;
    for (const x of floats) {
      const t = feeds[x.name]!;
      const analytic = base[`grad_${x.name}`]!.data as Float64Array;
      for (let j = 0; j < t.data.length; j++) {
        const lossAt = async (delta: number): Promise<number> => {
          const d = Float64Array.from(t.data as Float64Array);
          d[j]! += delta;
          const out = await session.run({ ...feeds, [x.name]: hostTensor('float64', t.dims, d) });
          return (out.loss!.data as Float64Array)[0]!;
        };
        const numeric = ((await lossAt(h)) - (await lossAt(-h))) / (2 * h);
        maxError = Math.max(maxError, Math.abs(numeric - analytic[j]!) / (1 + Math.abs(numeric)));
        checked++;
      }
    }
    return { maxError, forward: base.y!.data as Float64Array, checked };
  } finally {
    await session.release();
  }
}
