/** Batch feeds of GIGN: graphs concatenated with their atom and edge indices offset, as PyG's Batch does. */
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

function bad(message: string, details?: Record<string, unknown>): ModelError {
  return new ModelError('MODEL_BAD_INPUT', message, details ? { details } : {});
}

/**
 * The feeds of one batch for {@link createGignModelDef}'s programs: `x`, `pos`, `intra_src`, `intra_dst`,
 * `inter_src`, `inter_dst`, `batch`, `graphs` and, with `targets`, `y`.
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
  const batch = new BigInt64Array(N);
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
    batch.fill(BigInt(b), atom, atom + n);
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
  const B = graphs.length;
  const feeds: TensorMap = {
    x: hostTensor(dtype, [N, F], x),
    pos: hostTensor(dtype, [N, 3], pos),
    intra_src: hostTensor('int64', [E], intraSrc),
    intra_dst: hostTensor('int64', [E], intraDst),
    inter_src: hostTensor('int64', [I], interSrc),
    inter_dst: hostTensor('int64', [I], interDst),
    batch: hostTensor('int64', [N], batch),
    graphs: hostTensor(dtype, [B, 1], new Float(B)),
  };
  if (opts.targets) feeds.y = hostTensor(dtype, [B, 1], Float.from(opts.targets));
  return feeds;
}
