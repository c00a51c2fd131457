/**
 * GIGN as a ModelDef: input Linear + SiLU, heterogeneous interaction layers (covalent and non-covalent messages
 * weighted by SiLU(Linear(RBF(distance))), each summed at the target atom and updated by Linear, LeakyReLU and
 * BatchNorm), a sum readout over all atoms and a fully connected head. An ensemble package holds several members
 * with prefixed parameters (`m0.`, `m1.`, ...) in one program.
 */
import * as G from '../../graph/index.js';
import { EDGE_BUCKET_WIDTHS } from '../../graph/padded-layout.js';
import { GIGN_LEAKY_SLOPE, type GignHyperParams } from './hyper-params.js';

type P = G.ParamSpec;

/**
 * Parameter names of one member, mirroring the PyTorch module paths (`lin_node.0`, `gconv1.mlp_coord_cov.0`...),
 * so an imported checkpoint maps one to one. Linear weights are stored [in, out] (torch stores [out, in]).
 * BatchNorm is held in its inference form: `<bn>.scale` = weight / sqrt(running_var + eps) and
 * `<bn>.shift` = bias - running_mean * scale (see {@link gignParamsFromStateDict}).
 */
export function gignMemberParamSpecs(hp: GignHyperParams): Record<string, P> {
  const H = hp.hidden;
  const lin = (name: string, a: number, b: number): Record<string, P> => ({
    [`${name}.weight`]: { shape: [a, b], init: 'glorot' },
    [`${name}.bias`]: { shape: [b], init: 'zeros' },
  });
  const bn = (name: string, n: number): Record<string, P> => ({
    [`${name}.scale`]: { shape: [n], init: 'ones' },
    [`${name}.shift`]: { shape: [n], init: 'zeros' },
  });
  const p: Record<string, P> = { ...lin('lin_node.0', hp.nodeDim, H) };
  for (let l = 1; l <= hp.layers; l++) {
    const q = `gconv${l}`;
    Object.assign(
      p,
      lin(`${q}.mlp_node_cov.0`, H, H),
      bn(`${q}.mlp_node_cov.3`, H),
      lin(`${q}.mlp_node_ncov.0`, H, H),
      bn(`${q}.mlp_node_ncov.3`, H),
      lin(`${q}.mlp_coord_cov.0`, hp.rbf, H),
      lin(`${q}.mlp_coord_ncov.0`, hp.rbf, H),
    );
  }
  for (const [linIdx, bnIdx] of fcModules(hp))
    Object.assign(p, lin(`fc.predict.${linIdx}`, H, H), bn(`fc.predict.${bnIdx}`, H));
  Object.assign(p, lin(`fc.predict.${4 * hp.fcBlocks}`, H, 1));
  return p;
}

/** torch module indices of the head's (Linear, BatchNorm) pairs: (0, 3), (4, 7), (8, 11), ... */
function fcModules(hp: GignHyperParams): [number, number][] {
  return Array.from({ length: hp.fcBlocks }, (_, j) => [4 * j, 4 * j + 3]);
}

/** Parameter-name prefix of ensemble member `m` (empty for a single model). */
export function gignMemberPrefix(hp: GignHyperParams, m: number): string {
  return hp.members === 1 ? '' : `m${m}.`;
}

/** Every parameter of the model (all members). */
export function gignParamSpecs(hp: GignHyperParams): Record<string, P> {
  const one = gignMemberParamSpecs(hp);
  const out: Record<string, P> = {};
  for (let m = 0; m < hp.members; m++) {
    const pre = gignMemberPrefix(hp, m);
    for (const [k, s] of Object.entries(one)) out[pre + k] = s;
  }
  return out;
}

const leaky = (x: G.Value): G.Value => {
  // LeakyReLU(x) = relu(x) - slope * relu(-x)
  return G.sub(G.relu(x), G.mul(G.relu(G.neg(x)), GIGN_LEAKY_SLOPE));
};

/** One member's forward pass: y [B, 1] in pK. */
function memberForward(hp: GignHyperParams, w: (k: string) => G.Value, x: G.Values): G.Value {
  const lin = (v: G.Value, name: string): G.Value => G.linear(v, w(`${name}.weight`), w(`${name}.bias`));
  const bn = (v: G.Value, name: string): G.Value => G.add(G.mul(v, w(`${name}.scale`)), w(`${name}.shift`));
  const pos = x.pos!;
  const mu = Array.from({ length: hp.rbf }, (_, k) => (hp.rbfMax * k) / (hp.rbf - 1));
  const sigma = hp.rbfMax / hp.rbf;
  // Distance expansions depend only on the geometry: shared by every layer (and member).
  const expand = (src: G.Value, dst: G.Value): G.Value => {
    const diff = G.sub(G.gather(pos, src), G.gather(pos, dst));
    const d = G.sqrt(G.reduceSum(G.mul(diff, diff), [1], true)); // [E, 1]
    const z = G.div(G.sub(d, G.tensor(pos.graph, pos.dtype, [hp.rbf], mu)), sigma);
    return G.exp(G.neg(G.mul(z, z))); // [E, rbf]
  };
  const rbfIntra = expand(x.intra_src!, x.intra_dst!);
  const rbfInter = expand(x.inter_src!, x.inter_dst!);
  let h = G.silu(lin(x.x!, 'lin_node.0'));
  for (let l = 1; l <= hp.layers; l++) {
    const q = `gconv${l}`;
    // message x_j * SiLU(Linear(rbf(d_ij))) per edge, summed at the target i (PyG flow source_to_target, aggr
    // add): per degree bucket, a gather into the targets' slots and a masked sum; then each atom's row. Gathers and
    // dense sums only (ScatterElements is about 20x slower in onnxruntime), as exact as the scatter.
    const h0 = h;
    const propagate = (set: 'intra' | 'inter', rbf: G.Value, mlp: string): G.Value => {
      const msg = G.mul(G.gather(h0, x[`${set}_src`]!), G.silu(lin(rbf, `${q}.${mlp}.0`)));
      const parts = bucketNames(set).map((b) =>
        G.reduceSum(
          G.mul(G.slotGather(msg, x[`${b}_slots`]!, x[`${b}_pos`]!), G.unsqueeze(x[`${b}_mask`]!, [2])),
          [1],
        ),
      );
      const rows = G.slotGather(G.concat(parts, 0), x[`${set}_atom_row`]!, x[`${set}_row_atom`]!);
      return G.reshape(rows, ['N', hp.hidden]);
    };
    const intra = propagate('intra', rbfIntra, 'mlp_coord_cov');
    const inter = propagate('inter', rbfInter, 'mlp_coord_ncov');
    const cov = bn(leaky(lin(G.add(h, intra), `${q}.mlp_node_cov.0`)), `${q}.mlp_node_cov.3`);
    const ncov = bn(leaky(lin(G.add(h, inter), `${q}.mlp_node_ncov.0`)), `${q}.mlp_node_ncov.3`);
    h = G.add(cov, ncov);
  }
  // global_add_pool: each graph's atoms gathered into its row's slots and summed, [B, H]
  let g = G.reduceSum(
    G.mul(G.slotGather(h, x.readout_slots!, x.readout_pos!), G.unsqueeze(x.readout_mask!, [2])),
    [1],
  );
  for (const [a, b] of fcModules(hp)) g = bn(leaky(lin(g, `fc.predict.${a}`)), `fc.predict.${b}`);
  return lin(g, `fc.predict.${4 * hp.fcBlocks}`);
}

/** Input-name prefixes of an edge set's degree buckets (`intra_b0`, ...). */
function bucketNames(set: string): string[] {
  return Array.from({ length: EDGE_BUCKET_WIDTHS.length + 1 }, (_, b) => `${set}_b${b}`);
}

/** Inputs of one edge set: the edge list, its degree buckets and the atom <-> bucket-row maps (see edgeBuckets). */
function edgeSetInputs(set: string, e: string): Record<string, G.TensorSpec> {
  const specs: Record<string, G.TensorSpec> = {
    [`${set}_src`]: { dtype: 'int64', shape: [e] },
    [`${set}_dst`]: { dtype: 'int64', shape: [e] },
    [`${set}_atom_row`]: { dtype: 'int64', shape: ['N', 1] },
    [`${set}_row_atom`]: { dtype: 'int64', shape: [`${set}_R`] },
  };
  bucketNames(set).forEach((b, k) => {
    const width = EDGE_BUCKET_WIDTHS[k] ?? `${set}_K`;
    specs[`${b}_slots`] = { dtype: 'int64', shape: [`${b}_R`, width] };
    specs[`${b}_mask`] = { dtype: 'float', shape: [`${b}_R`, width] };
    specs[`${b}_pos`] = { dtype: 'int64', shape: [e] };
  });
  return specs;
}

/** Options of {@link createGignModelDef}. */
export interface GignModelOptions {
  /** Training loss on pK (default 'mse', as GIGN was trained). */
  readonly loss?: 'mse' | 'huber';
  /**
   * Parameters held fixed: they become batch inputs named `frozen.<name>` instead of trained parameters (fine-tuning
   * only the head, for example). The inference program is the same either way.
   */
  readonly frozen?: readonly string[];
}

/** Batch-input name of a frozen parameter. */
export const frozenInput = (param: string): string => `frozen.${param}`;

/**
 * GIGN as a {@link G.ModelDef}. Predicts pK itself (no standardisation): `y` [B, 1], the members' mean; for an
 * ensemble also `members` [B, M] and `std` [B, 1] (sample standard deviation of the members).
 *
 * Inputs (built by {@link gignBatchFeeds}): `x` [N, nodeDim] atom features, `pos` [N, 3] (A), covalent edges
 * `intra_*` and ligand-pocket edges `inter_*`, each as the edge list (`_src`, `_dst`: message from src to dst) and
 * its degree buckets (`_b<k>_slots`, `_b<k>_mask`, `_b<k>_pos`; `_atom_row`, `_row_atom`: see `edgeBuckets`),
 * and the readout layout: `readout_slots` [B, M] (atoms of each graph; M its largest atom count), `readout_mask`
 * [B, M] and `readout_pos` [N] (each atom's slot).
 *
 * Training runs the layers in inference mode: dropout off and BatchNorm with its stored statistics (folded into a
 * per-channel scale and shift, which stay trainable). That is how a published checkpoint is fine-tuned here.
 *
 * @example
 * const model = createGignModelDef(GIGN_PUBLISHED);
 * const infer = buildInferenceProgram(model);
 */
export function createGignModelDef(hp: GignHyperParams, opts: GignModelOptions = {}): G.ModelDef {
  const loss = opts.loss ?? 'mse';
  const all = gignParamSpecs(hp);
  const frozen = new Set(opts.frozen ?? []);
  for (const k of frozen)
    if (!(k in all)) throw new RangeError(`frozen parameter ${k} is not a GIGN parameter`);
  const params = Object.fromEntries(Object.entries(all).filter(([k]) => !frozen.has(k)));
  const frozenInputs = Object.fromEntries(
    [...frozen].map((k) => [frozenInput(k), { dtype: 'float' as const, shape: all[k]!.shape }]),
  );
  return {
    params,
    inputs: {
      ...frozenInputs,
      x: { dtype: 'float', shape: ['N', hp.nodeDim] },
      pos: { dtype: 'float', shape: ['N', 3] },
      ...edgeSetInputs('intra', 'E'),
      ...edgeSetInputs('inter', 'F'),
      readout_slots: { dtype: 'int64', shape: ['B', 'M'] },
      readout_mask: { dtype: 'float', shape: ['B', 'M'] },
      readout_pos: { dtype: 'int64', shape: ['N'] },
    },
    targets: { y: { dtype: 'float', shape: ['B', 1] } },
    forward: (p, x): G.Values => {
      const ys: G.Value[] = [];
      const w = (k: string): G.Value => p[k] ?? x[frozenInput(k)]!;
      for (let m = 0; m < hp.members; m++) {
        const pre = gignMemberPrefix(hp, m);
        ys.push(memberForward(hp, (k) => w(pre + k), x));
      }
      if (ys.length === 1) return { y: ys[0]! };
      const members = G.concat(ys, 1); // [B, M]
      const y = G.reduceMean(members, [1], true);
      const c = G.sub(members, y);
      const std = G.sqrt(G.div(G.reduceSum(G.mul(c, c), [1], true), hp.members - 1));
      return { y, members, std };
    },
    loss: (pred, t) => (loss === 'huber' ? G.huber(pred.y!, t.y!, 1) : G.mse(pred.y!, t.y!)),
  };
}

/** Number of trainable scalars of the model (all members). */
export function countGignParams(hp: GignHyperParams): number {
  return Object.values(gignParamSpecs(hp)).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
}
