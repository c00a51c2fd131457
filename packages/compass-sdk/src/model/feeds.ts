/** Batch feeds of the COMPASS model: mutual nearest-neighbour padded layout, geometry and readout weights. */
import { seededRandom } from '@compass/balancer';
import { type HostTensor, type TensorMap, hostTensor } from '../runtime/host-tensor.js';
import { ELEMENT_VOCABULARY, type FeaturisedComplex } from '../structure/featurise.js';
import { radiusGraph } from '../structure/radius-graph.js';
import { ModelError } from './errors.js';
import type { CompassHyperParams } from './hyper-params.js';

/** Options of {@link compassBatchFeeds}. */
export interface CompassFeedOptions {
  /** One target per complex, fed as given as `y` `[B, 1]`: pass STANDARDISED pK ((pK - mean) / std). */
  readonly targets?: readonly number[];
  /** Gaussian noise (A, per coordinate) added to positions before the graph is built; training batches only. */
  readonly coordNoiseStd?: number;
  /** Seed of the noise (default 0). */
  readonly seed?: number;
  /** Float type of the float feeds (default float32; float64 for gradient checks). */
  readonly dtype?: 'float32' | 'float64';
}

/** Mutual nearest neighbours of one complex: per atom, the sorted neighbour list kept by both ends. */
function mutualNeighbours(pos: Float32Array, hp: CompassHyperParams): number[][] {
  const g = radiusGraph(pos, { cutoff: hp.cutoff, maxNeighbours: hp.maxNeighbours });
  const n = g.numNodes;
  const rows: number[][] = [];
  const has = new Set<number>();
  for (let i = 0; i < n; i++)
    for (let e = g.rowStart[i]!; e < g.rowStart[i + 1]!; e++) has.add(i * n + g.src[e]!);
  // Keeping an edge only when each end is among the other's nearest keeps the set symmetric (the padded gather's
  // gradient needs it) while the cap still keeps the nearest neighbours.
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let e = g.rowStart[i]!; e < g.rowStart[i + 1]!; e++) {
      const j = g.src[e]!;
      if (has.has(j * n + i)) row.push(j);
    }
    rows.push(row);
  }
  return rows;
}

function noisy(c: FeaturisedComplex, std: number, rand: () => number): Float32Array {
  if (!(std > 0)) return c.positions;
  const out = Float32Array.from(c.positions);
  for (let i = 0; i < out.length; i++) {
    const u = 1 - rand();
    out[i]! += std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  }
  return out;
}

/**
 * The feeds of one batch for the programs of {@link createCompassModelDef}: `types`, `nbr`, `rev`, `mask`,
 * `dist`, `dir`, `batch`, `readw`, `graphs`, and `y` when `targets` are given. Edges are within `hp.cutoff`,
 * capped at the `hp.maxNeighbours` nearest and made mutual; K is the batch's largest degree.
 *
 * @example
 * const feeds = compassBatchFeeds([a, b], hp, { targets: [0.3, -1.2], coordNoiseStd: 0.05, seed: step });
 * @throws {ModelError} MODEL_BAD_INPUT for an empty batch, a complex without ligand atoms, or a target count
 *   different from the complex count.
 */
export function compassBatchFeeds(
  items: readonly FeaturisedComplex[],
  hp: CompassHyperParams,
  opts: CompassFeedOptions = {},
): TensorMap {
  if (items.length === 0) throw new ModelError('MODEL_BAD_INPUT', 'cannot build feeds for zero complexes');
  if (opts.targets && opts.targets.length !== items.length)
    throw new ModelError('MODEL_BAD_INPUT', `${opts.targets.length} targets for ${items.length} complexes`);
  const rand = seededRandom(opts.seed ?? 0);
  const pos = items.map((c, b) => {
    if (c.numLigandAtoms === 0)
      throw new ModelError('MODEL_BAD_INPUT', `complex ${b} has no ligand atoms`, { details: { index: b } });
    return noisy(c, opts.coordNoiseStd ?? 0, rand);
  });
  const rows = items.map((_, b) => mutualNeighbours(pos[b]!, hp));
  let k = 1;
  for (const r of rows) for (const row of r) k = Math.max(k, row.length);
  const n = items.reduce((s, c) => s + c.numAtoms, 0);
  const V = ELEMENT_VOCABULARY.length;
  const types = new Array<number>(n);
  const batch = new Array<number>(n);
  const readw = new Float64Array(n);
  const nbr = new Array<number>(n * k);
  const rev = new Array<number>(n * k).fill(0);
  const mask = new Float64Array(n * k);
  const dist = new Float64Array(n * k).fill(hp.cutoff);
  const dir = new Float64Array(n * k * 3);
  let o = 0;
  items.forEach((c, b) => {
    const p = pos[b]!;
    const r = rows[b]!;
    const slotOf = new Map<number, number>();
    for (let i = 0; i < c.numAtoms; i++) r[i]!.forEach((j, s) => slotOf.set(i * c.numAtoms + j, s));
    for (let i = 0; i < c.numAtoms; i++) {
      const gi = o + i;
      const lig = c.isLigand[i] === 1;
      types[gi] = c.elementIndex[i]! + (lig ? 0 : V);
      batch[gi] = b;
      readw[gi] =
        hp.readout === 'mean'
          ? 1 / c.numAtoms
          : !lig
            ? 0
            : hp.readout === 'ligand-mean'
              ? 1 / c.numLigandAtoms
              : 1 / hp.readoutScale;
      // Padding slots point at the atom itself so gathers stay in range; the mask zeroes them.
      nbr.fill(gi, gi * k, gi * k + k);
      r[i]!.forEach((j, s) => {
        const at = gi * k + s;
        nbr[at] = o + j;
        rev[at] = (o + j) * k + slotOf.get(j * c.numAtoms + i)!;
        mask[at] = 1;
        const dx = p[3 * j]! - p[3 * i]!,
          dy = p[3 * j + 1]! - p[3 * i + 1]!,
          dz = p[3 * j + 2]! - p[3 * i + 2]!;
        const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
        dist[at] = d;
        dir[3 * at] = dx / d;
        dir[3 * at + 1] = dy / d;
        dir[3 * at + 2] = dz / d;
      });
    }
    o += c.numAtoms;
  });
  const dtype = opts.dtype ?? 'float32';
  const fl = (dims: number[], a: Float64Array): HostTensor =>
    hostTensor(dtype, dims, dtype === 'float32' ? Float32Array.from(a) : a);
  const B = items.length;
  const feeds: TensorMap = {
    types: hostTensor('int64', [n], types),
    nbr: hostTensor('int64', [n, k], nbr),
    rev: hostTensor('int64', [n, k], rev),
    mask: fl([n, k], mask),
    dist: fl([n, k, 1], dist),
    dir: fl([n, k, 3, 1], dir),
    batch: hostTensor('int64', [n], batch),
    readw: fl([n, 1], readw),
    graphs: fl([B, 1], new Float64Array(B)),
  };
  if (opts.targets) feeds.y = fl([B, 1], Float64Array.from(opts.targets));
  return feeds;
}
