/** The COMPASS model: ViSNet (lmax 1) on the padded-neighbour layout, as a ModelDef for the graph builder. */
import * as G from '../graph/index.js';
import { ELEMENT_VOCABULARY } from '../structure/featurise.js';
import type { CompassHyperParams } from './hyper-params.js';

/** Atom types the embedding knows: each element of the featuriser's vocabulary, once as ligand, once as protein. */
export const COMPASS_ATOM_TYPES = 2 * ELEMENT_VOCABULARY.length;

/** Options of {@link createCompassModelDef}. */
export interface CompassModelOptions {
  /** Training loss on the standardised target (default 'huber'). */
  readonly loss?: 'huber' | 'mse';
  /** Huber threshold in standard deviations of the target (default 1). */
  readonly huberDelta?: number;
}

type P = G.ParamSpec;
const glorot = (a: number, b: number): P => ({ shape: [a, b], init: 'glorot' });
const zeros = (n: number): P => ({ shape: [n], init: 'zeros' });
const ones = (n: number): P => ({ shape: [n], init: 'ones' });

function paramSpecs(hp: CompassHyperParams): Record<string, P> {
  const H = hp.hidden,
    R = hp.rbf,
    H2 = H / 2;
  const p: Record<string, P> = {
    embed: { shape: [COMPASS_ATOM_TYPES, H], init: { normal: 1 } },
    nb_embed: { shape: [COMPASS_ATOM_TYPES, H], init: { normal: 1 } },
    nb_rbf_w: glorot(R, H),
    nb_rbf_b: zeros(H),
    nb_comb_w: glorot(2 * H, H),
    nb_comb_b: zeros(H),
    edge_rbf_w: glorot(R, H),
    edge_rbf_b: zeros(H),
    out_norm_g: ones(H),
    out_norm_b: zeros(H),
    g1_vec1: glorot(H, H),
    g1_vec2: glorot(H, H2),
    g1_up_w: glorot(2 * H, H),
    g1_up_b: zeros(H),
    g1_out_w: glorot(H, 2 * H2),
    g1_out_b: zeros(2 * H2),
    g2_vec1: glorot(H2, H2),
    g2_up_w: glorot(2 * H2, H2),
    g2_up_b: zeros(H2),
    g2_out_w: glorot(H2, 1),
    g2_out_b: zeros(1),
    readout_bias: zeros(1),
  };
  for (let l = 0; l < hp.layers; l++) {
    const q = (k: string) => `l${l}.${k}`;
    Object.assign(p, {
      [q('norm_g')]: ones(H),
      [q('norm_b')]: zeros(H),
      [q('q_w')]: glorot(H, H),
      [q('q_b')]: zeros(H),
      [q('k_w')]: glorot(H, H),
      [q('k_b')]: zeros(H),
      [q('v_w')]: glorot(H, H),
      [q('v_b')]: zeros(H),
      [q('dk_w')]: glorot(H, H),
      [q('dk_b')]: zeros(H),
      [q('dv_w')]: glorot(H, H),
      [q('dv_b')]: zeros(H),
      [q('s_w')]: glorot(H, 2 * H),
      [q('s_b')]: zeros(2 * H),
      [q('o_w')]: glorot(H, 3 * H),
      [q('o_b')]: zeros(3 * H),
    });
    // The vector state is zero entering layer 0, so its vector projections exist from layer 1 on.
    if (l > 0) p[q('vec_w')] = glorot(H, 3 * H);
    if (l > 0 && l < hp.layers - 1) {
      Object.assign(p, {
        [q('trg_w')]: glorot(H, H),
        [q('src_w')]: glorot(H, H),
        [q('f_w')]: glorot(H, H),
        [q('f_b')]: zeros(H),
      });
    }
  }
  return p;
}

/** ExpNormal radial basis of distances d [N, K, 1] -> [N, K, R] (ViSNet/TorchMD-Net smearing). */
function expNormal(d: G.Value, rbf: number, cutoff: number): G.Value {
  const lo = Math.exp(-cutoff);
  const mu = Array.from({ length: rbf }, (_, i) => lo + ((1 - lo) * i) / (rbf - 1));
  const beta = ((2 / rbf) * (1 - lo)) ** -2;
  const e = G.sub(G.exp(G.mul(d, -5 / cutoff)), G.tensor(d.graph, d.dtype, [rbf], mu));
  return G.exp(G.mul(G.mul(e, e), -beta));
}

/** Unsqueeze at `axes` (shorthand). */
const us = (x: G.Value, ...axes: number[]): G.Value => G.unsqueeze(x, axes);

/**
 * Dot products over the 3 spatial components of the rejections of `a` [N, 1|K, 3, H] and `b` [N, K, 3, H] along
 * unit `dir` [N, K, 3, 1] (ViSNet's edge update). With |d| = 1, (a - (a.d)d).(b - (b.d)d) = a.b - (a.d)(b.d): three
 * [N, K, 3, H] products instead of seven.
 */
function rejectionDot(a: G.Value, b: G.Value, dir: G.Value): G.Value {
  const dot = (x: G.Value, y: G.Value): G.Value => G.reduceSum(G.mul(x, y), [2]);
  return G.sub(dot(a, b), G.mul(dot(a, dir), dot(b, dir)));
}

/** Euclidean norm over the 3 spatial components of v [N, 3, C] -> [N, C] (epsilon keeps the gradient finite). */
function vecNorm(v: G.Value): G.Value {
  return G.sqrt(G.add(G.reduceSum(G.mul(v, v), [1]), 1e-8));
}

/**
 * The COMPASS ViSNet as a {@link G.ModelDef}. It predicts the standardised pK (`y` [B, 1]; undo with the target
 * mean and std stored in the model card); targets are `{ y: [B, 1] }`.
 *
 * Inputs (built by `compassBatchFeeds`): `types` [N] (element x ligand/protein), `nbr`/`rev`/`mask` [N, K] (the
 * padded, mutual nearest-neighbour layout), `dist` [N, K, 1] (A; padding at the cutoff), `dir` [N, K, 3, 1]
 * (unit vectors from atom to neighbour), `batch` [N] (graph of each atom), `readw` [N, 1] (readout weight of each
 * atom), `graphs` [B, 1] (zeros; gives the batch size).
 *
 * Architecture (lmax 1): embedding and neighbour embedding; per layer LayerNorm, multi-head SiLU attention with
 * distance filters, scalar and vector messages, the vector-scalar coupling and (all but the last layer) edge
 * feature updates from vector rejections; then LayerNorm and two gated equivariant blocks to one scalar per atom,
 * pooled by the readout (`hp.readout`), so the pocket size does not set the scale.
 *
 * @example
 * const hp = resolveHyperParams('smoke_test');
 * const model = createCompassModelDef(hp, { loss: 'huber' });
 * const train = buildTrainStepProgram(model, { optimiser: { kind: 'adamw', weightDecay: 1e-5 }, clipNorm: 1 });
 */
export function createCompassModelDef(hp: CompassHyperParams, opts: CompassModelOptions = {}): G.ModelDef {
  const H = hp.hidden,
    heads = hp.heads,
    dh = H / heads,
    H2 = H / 2;
  const loss = opts.loss ?? 'huber';
  const delta = opts.huberDelta ?? 1;
  return {
    params: paramSpecs(hp),
    inputs: {
      types: { dtype: 'int64', shape: ['N'] },
      nbr: { dtype: 'int64', shape: ['N', 'K'] },
      rev: { dtype: 'int64', shape: ['N', 'K'] },
      mask: { dtype: 'float', shape: ['N', 'K'] },
      dist: { dtype: 'float', shape: ['N', 'K', 1] },
      dir: { dtype: 'float', shape: ['N', 'K', 3, 1] },
      batch: { dtype: 'int64', shape: ['N'] },
      readw: { dtype: 'float', shape: ['N', 1] },
      graphs: { dtype: 'float', shape: ['B', 1] },
    },
    targets: { y: { dtype: 'float', shape: ['B', 1] } },
    forward: (p, x) => {
      const w = (k: string): G.Value => p[k]!;
      const mask = x.mask!;
      const rv = { reverse: x.rev!, mask };
      const nb = (v: G.Value): G.Value => G.gatherNeighbours(v, x.nbr!, rv);
      const dir = x.dir!;
      const rbf = expNormal(x.dist!, hp.rbf, hp.cutoff);
      // Cosine cutoff times the slot mask: padded slots contribute nothing.
      const cut = G.mul(G.mul(G.add(G.cos(G.mul(x.dist!, Math.PI / hp.cutoff)), 1), 0.5), us(mask, 2));
      // Embedding and neighbour embedding.
      let h = G.gather(w('embed'), x.types!);
      const zj = nb(G.gather(w('nb_embed'), x.types!));
      const filt = G.mul(G.linear(rbf, w('nb_rbf_w'), w('nb_rbf_b')), cut);
      const nbMsg = G.reduceSum(G.mul(zj, filt), [1]);
      h = G.linear(G.concat([h, nbMsg], 1), w('nb_comb_w'), w('nb_comb_b'));
      // Edge features f_ij = (x_i + x_j) * W rbf_ij.
      let f = G.mul(G.add(us(h, 1), nb(h)), G.linear(rbf, w('edge_rbf_w'), w('edge_rbf_b')));
      let vec: G.Value | undefined; // [N, 3, H]; zero before the first layer
      for (let l = 0; l < hp.layers; l++) {
        const q = (k: string): G.Value => w(`l${l}.${k}`);
        const hn = G.layerNorm(h, q('norm_g'), q('norm_b'));
        const qi = us(G.linear(hn, q('q_w'), q('q_b')), 1);
        const kj = nb(G.linear(hn, q('k_w'), q('k_b')));
        const vj = nb(G.linear(hn, q('v_w'), q('v_b')));
        const dk = G.silu(G.linear(f, q('dk_w'), q('dk_b')));
        const dv = G.silu(G.linear(f, q('dv_w'), q('dv_b')));
        const heads4 = (t: G.Value): G.Value => G.reshape(t, ['N', 'K', heads, dh]);
        const attn = G.mul(G.silu(G.reduceSum(heads4(G.mul(G.mul(qi, kj), dk)), [3])), cut); // [N, K, heads]
        const msg = G.reshape(G.mul(heads4(G.mul(vj, dv)), us(attn, 3)), ['N', 'K', H]);
        const [s1, s2] = G.split(G.silu(G.linear(msg, q('s_w'), q('s_b'))), [H, H], 2);
        // msg is already zero in padded slots (attn carries the masked cutoff) and so is dir; masking s1 on
        // [N, K, H] then zeroes the whole vector message there, so plain sums replace masked [N, K, 3, H] sums.
        let vecMsg = G.mul(us(s2!, 2), dir); // [N, K, 3, H]
        if (vec) vecMsg = G.add(G.mul(nb(vec), us(G.mul(s1!, us(mask, 2)), 2)), vecMsg);
        const xAgg = G.reduceSum(msg, [1]);
        const vecAgg = G.reduceSum(vecMsg, [1]);
        const [o1, o2, o3] = G.split(G.linear(xAgg, q('o_w'), q('o_b')), [H, H, H], 1);
        let dx = o3!;
        let dvec = vecAgg;
        if (vec) {
          const [v1, v2, v3] = G.split(G.matmul(vec, q('vec_w')), [H, H, H], 2);
          dx = G.add(G.mul(G.reduceSum(G.mul(v1!, v2!), [1]), o2!), o3!);
          dvec = G.add(G.mul(v3!, us(o1!, 1)), vecAgg);
        }
        if (vec && l < hp.layers - 1) {
          // Edge update from the rejections of the target's and the source's vectors along the edge.
          const wdot = rejectionDot(us(G.matmul(vec, q('trg_w')), 1), nb(G.matmul(vec, q('src_w'))), dir);
          f = G.add(f, G.mul(G.silu(G.linear(f, q('f_w'), q('f_b'))), wdot));
        }
        h = G.add(h, dx);
        vec = vec ? G.add(vec, dvec) : dvec;
      }
      // Output: LayerNorm and two gated equivariant blocks H -> H/2 -> 1.
      h = G.layerNorm(h, w('out_norm_g'), w('out_norm_b'));
      const v = vec!;
      const up1 = G.silu(
        G.linear(G.concat([h, vecNorm(G.matmul(v, w('g1_vec1')))], 1), w('g1_up_w'), w('g1_up_b')),
      );
      const [x1, gate] = G.split(G.linear(up1, w('g1_out_w'), w('g1_out_b')), [H2, H2], 1);
      const v1 = G.mul(us(gate!, 1), G.matmul(v, w('g1_vec2')));
      const up2 = G.silu(
        G.linear(G.concat([G.silu(x1!), vecNorm(G.matmul(v1, w('g2_vec1')))], 1), w('g2_up_w'), w('g2_up_b')),
      );
      const atom = G.linear(up2, w('g2_out_w'), w('g2_out_b')); // [N, 1]
      const pooled = G.segmentSum(G.mul(atom, x.readw!), x.batch!, x.graphs!);
      return { y: G.add(pooled, w('readout_bias')) };
    },
    loss: (pred, t) => (loss === 'mse' ? G.mse(pred.y!, t.y!) : G.huber(pred.y!, t.y!, delta)),
  };
}

/** Number of trainable scalars of the model with these hyper-parameters. */
export function countCompassParams(hp: CompassHyperParams): number {
  return Object.values(paramSpecs(hp)).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
}
