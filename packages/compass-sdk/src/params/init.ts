/** Parameter initialisation on the host: deterministic from a seed. */
import { seededRandom } from '@compass/balancer';
import type { ModelDef, ParamInit } from '../graph/model-def.js';
import { type HostTensor, type TensorMap, hostTensor } from '../runtime/host-tensor.js';

/** The project's one seeded generator (mulberry32, from @compass/balancer), re-exported where parameters start. */
export { seededRandom };

function initValues(shape: readonly number[], init: ParamInit, rand: () => number): number[] {
  const n = shape.reduce((a, b) => a * b, 1);
  if (init === 'zeros') return new Array<number>(n).fill(0);
  if (init === 'ones') return new Array<number>(n).fill(1);
  if (typeof init === 'object' && 'constant' in init) return new Array<number>(n).fill(init.constant);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  if (typeof init === 'object') return Array.from({ length: n }, () => gauss() * init.normal);
  // Glorot uniform over the last two dims (fan in, fan out); a vector uses its length for both.
  const fanIn = shape.length >= 2 ? shape[shape.length - 2]! : (shape[0] ?? 1);
  const fanOut = shape[shape.length - 1] ?? 1;
  const lim = Math.sqrt(6 / (fanIn + fanOut));
  return Array.from({ length: n }, () => (rand() * 2 - 1) * lim);
}

/** Initial parameters of `model`, keyed by parameter name. */
export function initParams(
  model: ModelDef,
  opts: { seed?: number; dtype?: 'float32' | 'float64' } = {},
): TensorMap {
  const rand = seededRandom(opts.seed ?? 0);
  const out: Record<string, HostTensor> = {};
  for (const [k, s] of Object.entries(model.params)) {
    out[k] = hostTensor(opts.dtype ?? 'float32', s.shape, initValues(s.shape, s.init, rand));
  }
  return out;
}
