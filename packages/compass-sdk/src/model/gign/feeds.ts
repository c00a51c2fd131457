/** Batch feeds of GIGN: graphs concatenated with their atom and edge indices offset, as PyG's Batch does. */
import { edgeBuckets } from '../../graph/padded-layout.js';
import { type TensorMap, hostTensor } from '../../runtime/host-tensor.js';
import { ModelError } from '../errors.js';
import type { GignHyperParams } from './hyper-params.js';

/** What GIGN reads of a featurised complex (the shape of `GignGraph` from the GIGN featuriser). */
export interface GignGraphInput {
  readonly numLigandAtoms: number;
  readonly numPocketAtoms: number;
  /** [N, nodeDim] row-major. */
  readonly x: Float32Array;
  /** [N, 3] Angstrom. */
  readonly pos: Float32Array;
  readonly intra: { readonly src: Int32Array; readonly dst: Int32Array };
  readonly inter: { readonly src: Int32Array; readonly dst: Int32Array };
}

/** Options of {@link gignBatchFeeds}. */
export interface GignFeedOptions {
  /** One pK per graph, fed as `y` [B, 1]. */
  readonly targets?: readonly number[];
  /** Float type of the float feeds (default float32; float64 for gradient checks). */
  readonly dtype?: 'float32' | 'float64';
}

const big = (a: Int32Array): BigInt64Array => {
  const out = new BigInt64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = BigInt(a[i]!);
  return out;
};
const int32 = (a: BigInt64Array): Int32Array => Int32Array.from(a, Number);

function bad(message: string, details?: Record<string, unknown>): ModelError {
  return new ModelError('MODEL_BAD_INPUT', message, details ? { details } : {});
}

/**
 * The feeds of one batch for {@link createGignModelDef}'s programs: `x`, `pos`, per edge set (`intra`, `inter`)
 * the edge list (`_src`, `_dst`) and its degree buckets (see `edgeBuckets`), the readout layout
 * (`readout_slots`, `readout_mask`, `readout_pos`) and, with `targets`, `y`.
 *
 * @example
 * const feeds = gignBatchFeeds([buildGignGraph(protein, ligand)], GIGN_PUBLISHED);
 * @throws {ModelError} MODEL_BAD_INPUT for an empty batch, a graph whose arrays disagree with its atom count or
 *   feature width, an edge index out of range, or a target count different from the graph count.
 */
export function gignBatchFeeds(
  graphs: readonly GignGraphInput[],
  hp: Pick<GignHyperParams, 'nodeDim'>,
  opts: GignFeedOptions = {},
): TensorMap {
  if (graphs.length === 0) throw bad('an empty batch');
  if (opts.targets && opts.targets.length !== graphs.length)
    throw bad(`${opts.targets.length} targets for ${graphs.length} graphs`);
  const F = hp.nodeDim;
  let N = 0,
    E = 0,
    I = 0;
  graphs.forEach((g, b) => {
    const n = g.numLigandAtoms + g.numPocketAtoms;
    if (g.numLigandAtoms < 1) throw bad(`graph ${b} has no ligand atoms`, { graph: b });
    if (g.x.length !== n * F || g.pos.length !== n * 3)
      throw bad(
        `graph ${b}: x has ${g.x.length} values and pos ${g.pos.length} for ${n} atoms of ${F} features`,
        {
          graph: b,
        },
      );
    for (const [kind, e] of [
      ['intra', g.intra],
      ['inter', g.inter],
    ] as const) {
      if (e.src.length !== e.dst.length)
        throw bad(`graph ${b}: ${kind} src and dst differ in length`, { graph: b });
      for (let k = 0; k < e.src.length; k++)
        if (!(e.src[k]! >= 0 && e.src[k]! < n && e.dst[k]! >= 0 && e.dst[k]! < n))
          throw bad(`graph ${b}: ${kind} edge ${k} (${e.src[k]} -> ${e.dst[k]}) is outside 0..${n - 1}`, {
            graph: b,
          });
    }
    N += n;
    E += g.intra.src.length;
    I += g.inter.src.length;
  });
  const dtype = opts.dtype ?? 'float32';
  const Float = dtype === 'float32' ? Float32Array : Float64Array;
  const x = new Float(N * F);
  const pos = new Float(N * 3);
  const B = graphs.length;
  const M = Math.max(...graphs.map((g) => g.numLigandAtoms + g.numPocketAtoms));
  const readSlots = new Int32Array(B * M);
  const readMask = new Float(B * M);
  const readPos = new Int32Array(N);
  const intraSrc = new BigInt64Array(E),
    intraDst = new BigInt64Array(E),
    interSrc = new BigInt64Array(I),
    interDst = new BigInt64Array(I);
  let atom = 0,
    e = 0,
    f = 0;
  graphs.forEach((g, b) => {
    const n = g.numLigandAtoms + g.numPocketAtoms;
    x.set(g.x, atom * F);
    pos.set(g.pos, atom * 3);
    for (let k = 0; k < n; k++) {
      readSlots[b * M + k] = atom + k;
      readMask[b * M + k] = 1;
      readPos[atom + k] = b * M + k;
    }
    for (let k = 0; k < g.intra.src.length; k++, e++) {
      intraSrc[e] = BigInt(g.intra.src[k]! + atom);
      intraDst[e] = BigInt(g.intra.dst[k]! + atom);
    }
    for (let k = 0; k < g.inter.src.length; k++, f++) {
      interSrc[f] = BigInt(g.inter.src[k]! + atom);
      interDst[f] = BigInt(g.inter.dst[k]! + atom);
    }
    atom += n;
  });
  const feeds: TensorMap = {
    x: hostTensor(dtype, [N, F], x),
    pos: hostTensor(dtype, [N, 3], pos),
    intra_src: hostTensor('int64', [E], intraSrc),
    intra_dst: hostTensor('int64', [E], intraDst),
    inter_src: hostTensor('int64', [I], interSrc),
    inter_dst: hostTensor('int64', [I], interDst),
    readout_slots: hostTensor('int64', [B, M], big(readSlots)),
    readout_mask: hostTensor(dtype, [B, M], readMask),
    readout_pos: hostTensor('int64', [N], big(readPos)),
  };
  for (const [set, src, dst] of [
    ['intra', intraSrc, intraDst],
    ['inter', interSrc, interDst],
  ] as const) {
    const { buckets, atomRow, rowAtom } = edgeBuckets(int32(src), int32(dst), N);
    buckets.forEach((b, k) => {
      const rows = b.rows.length + 1;
      feeds[`${set}_b${k}_slots`] = hostTensor('int64', [rows, b.k], big(b.slots));
      feeds[`${set}_b${k}_mask`] = hostTensor(dtype, [rows, b.k], Float.from(b.mask));
      feeds[`${set}_b${k}_pos`] = hostTensor('int64', [src.length], big(b.pos));
    });
    feeds[`${set}_atom_row`] = hostTensor('int64', [N, 1], big(atomRow));
    feeds[`${set}_row_atom`] = hostTensor('int64', [rowAtom.length], big(rowAtom));
  }
  if (opts.targets) feeds.y = hostTensor(dtype, [B, 1], Float.from(opts.targets));
  return feeds;
}
