/** A small message-passing model (embedding, ExpNormal RBF, edge MLP with SiLU, aggregation, LayerNorm, readout) for tests and the bench. */
import * as G from '../../src/graph/index.js';
import { type HostTensor, type TensorMap, hostTensor } from '../../src/runtime/host-tensor.js';
import { seededRandom } from '../../src/params/init.js';

/** Aggregation layout: edge list with ScatterElements(add), or destination-sorted padded neighbours. */
export type Layout = 'edges' | 'padded' | 'scatternd';

/** Sizes of the model. */
export interface MpSizes {
  readonly types: number;
  readonly features: number;
  readonly rbf: number;
  readonly k: number;
}

const CUTOFF = 5;

function expNormal(d: G.Value, rbf: number): G.Value {
  const mu = Array.from(
    { length: rbf },
    (_, i) => Math.exp(-CUTOFF) + ((1 - Math.exp(-CUTOFF)) * i) / (rbf - 1),
  );
  const beta = ((2 / rbf) * (1 - Math.exp(-CUTOFF))) ** -2;
  const e = G.sub(G.exp(G.mul(d, -5 / CUTOFF)), G.tensor(d.graph, d.dtype, [rbf], mu));
  const cut = G.mul(G.add(G.cos(G.mul(d, Math.PI / CUTOFF)), 1), 0.5);
  return G.mul(G.exp(G.mul(G.mul(e, e), -beta)), cut);
}

/** The model definition in the chosen layout. */
export function messagePassingModel(layout: Layout, s: MpSizes): G.ModelDef {
  const F = s.features;
  const edgeInputs: Record<string, G.TensorSpec> =
    layout !== 'padded'
      ? {
          src: { dtype: 'int64', shape: ['E'] },
          dst: { dtype: 'int64', shape: ['E'] },
          dist: { dtype: 'float', shape: ['E', 1] },
        }
      : {
          nbr: { dtype: 'int64', shape: ['N', s.k] },
          rev: { dtype: 'int64', shape: ['N', s.k] },
          mask: { dtype: 'float', shape: ['N', s.k] },
          dist: { dtype: 'float', shape: ['N', s.k, 1] },
        };
  return {
    params: {
      emb: { shape: [s.types, F], init: { normal: 1 } },
      w1: { shape: [F + s.rbf, F], init: 'glorot' },
      b1: { shape: [F], init: 'zeros' },
      gamma: { shape: [F], init: 'ones' },
      beta: { shape: [F], init: 'zeros' },
      w2: { shape: [F, F], init: 'glorot' },
      b2: { shape: [F], init: 'zeros' },
      w3: { shape: [F, 1], init: 'glorot' },
      b3: { shape: [1], init: 'zeros' },
    },
    inputs: {
      z: { dtype: 'int64', shape: ['N'] },
      batch: { dtype: 'int64', shape: ['N'] },
      graphs: { dtype: 'float', shape: ['B'] },
      ...edgeInputs,
    },
    targets: { y: { dtype: 'float', shape: ['B'] } },
    forward: (p, x) => {
      const h = G.gather(p.emb!, x.z!);
      let agg: G.Value;
      if (layout !== 'padded') {
        const m = G.silu(
          G.linear(G.concat([G.gather(h, x.src!), expNormal(x.dist!, s.rbf)], 1), p.w1!, p.b1!),
        );
        agg =
          layout === 'edges'
            ? G.segmentSum(m, x.dst!, h)
            : // ScatterND(add): exact only on one intra-op thread (onnxruntime 1.30); kept for the bench.
              G.scatterND(G.zerosLike(h), G.unsqueeze(x.dst!, [1]), m, 'add');
      } else {
        const m = G.concat(
          [G.gatherNeighbours(h, x.nbr!, { reverse: x.rev!, mask: x.mask! }), expNormal(x.dist!, s.rbf)],
          2,
        );
        agg = G.paddedSum(G.silu(G.linear(m, p.w1!, p.b1!)), x.mask!);
      }
      const h2 = G.layerNorm(G.add(h, agg), p.gamma!, p.beta!);
      const atom = G.linear(G.silu(G.linear(h2, p.w2!, p.b2!)), p.w3!, p.b3!);
      return { y: G.segmentSum(G.reshape(atom, ['N']), x.batch!, x.graphs!) };
    },
    loss: (pred, t) => G.mse(pred.y!, t.y!),
  };
}

/** A random batch of B graphs with N atoms in total and about E directed edges, in both layouts, plus targets. */
export function randomBatch(
  n: number,
  e: number,
  b: number,
  s: MpSizes,
  seed: number,
  dtype: 'float32' | 'float64' = 'float32',
): { edges: TensorMap; padded: TensorMap } {
  const rand = seededRandom(seed);
  const z = Array.from({ length: n }, () => Math.floor(rand() * s.types));
  const batch = Array.from({ length: n }, (_, i) => Math.min(b - 1, Math.floor((i * b) / n)));
  // Symmetric neighbours: the `per / 2` atoms on each side within the same graph (cyclically), never itself.
  const half = Math.max(1, Math.floor(Math.min(s.k, Math.round(e / n)) / 2));
  const src: number[] = [];
  const dst: number[] = [];
  const dist: number[] = [];
  const nbr = new Array<number>(n * s.k).fill(0);
  const mask = new Array<number>(n * s.k).fill(0);
  const pdist = new Array<number>(n * s.k).fill(1);
  const pair = new Map<number, number>();
  const d = (i: number, j: number): number => {
    const key = Math.min(i, j) * n + Math.max(i, j);
    if (!pair.has(key)) pair.set(key, 1 + 3 * rand());
    return pair.get(key)!;
  };
  for (let i = 0; i < n; i++) {
    const lo = batch.indexOf(batch[i]!);
    const size = batch.lastIndexOf(batch[i]!) - lo + 1;
    const offsets: number[] = [];
    for (let o = 1; o <= half && 2 * o < size; o++) offsets.push(o, size - o);
    offsets.forEach((o, k) => {
      const j = lo + ((i - lo + o) % size);
      src.push(j);
      dst.push(i);
      dist.push(d(i, j));
      nbr[i * s.k + k] = j;
      mask[i * s.k + k] = 1;
      pdist[i * s.k + k] = d(i, j);
    });
  }
  const y = Array.from({ length: b }, (_, g) => {
    let v = 0;
    z.forEach((t, i) => {
      if (batch[i] === g) v += [0.3, -0.2, 0.1, 0.05][t % 4]!;
    });
    return v;
  });
  const common: Record<string, HostTensor> = {
    z: hostTensor('int64', [n], z),
    batch: hostTensor('int64', [n], batch),
    graphs: hostTensor(dtype, [b], new Array<number>(b).fill(0)),
    y: hostTensor(dtype, [b], y),
  };
  return {
    edges: {
      ...common,
      src: hostTensor('int64', [src.length], src),
      dst: hostTensor('int64', [dst.length], dst),
      dist: hostTensor(dtype, [dist.length, 1], dist),
    },
    padded: {
      ...common,
      nbr: hostTensor('int64', [n, s.k], nbr),
      rev: hostTensor('int64', [n, s.k], G.reverseNeighbourIndex(nbr, mask, n, s.k)),
      mask: hostTensor(dtype, [n, s.k], mask),
      dist: hostTensor(dtype, [n, s.k, 1], pdist),
    },
  };
}
