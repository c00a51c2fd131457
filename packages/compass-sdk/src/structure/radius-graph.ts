/** Radius graphs from a cell list: edges within a cutoff, nearest-first neighbour cap, no self-loops. */
import { CellList } from './cell-list.js';
import { DENSITY_CUBE, MAX_ATOMS_PER_CUBE } from './coordinate-limit.js';
import { StructureError } from './errors.js';

/** Directed edges src -> dst, sorted by dst then by distance (nearest first). */
export interface RadiusGraph {
  readonly numNodes: number;
  readonly numEdges: number;
  readonly src: Uint32Array;
  readonly dst: Uint32Array;
  /** Edge length in A. */
  readonly distance: Float32Array;
  /** Edges of node i are rowStart[i] .. rowStart[i + 1] - 1 (CSR by destination). Length numNodes + 1. */
  readonly rowStart: Uint32Array;
}

/** Settings of {@link radiusGraph}. */
export interface RadiusGraphOptions {
  /** Cutoff in A (default 5). */
  readonly cutoff?: number;
  /** Most incoming edges per node; the nearest are kept (default 32; Infinity for no cap). */
  readonly maxNeighbours?: number;
  /** Graph id per node: edges only join nodes of one graph (for batched positions). */
  readonly batch?: Uint32Array;
}

/**
 * Build the radius graph of `positions` (x, y, z per node). Cost is linear in nodes for bounded density: each
 * node only looks at the cells within the cutoff. Per destination the `maxNeighbours` nearest sources are kept
 * (ties by index), which the original got wrong by keeping the first by index.
 *
 * @throws {StructureError} STRUCTURE_BAD_INPUT (`details.reason: 'crowded'`) for a single graph (no `batch`) whose
 *   points pile up more densely than any molecule (see `MAX_ATOMS_PER_CUBE`), or a coordinate beyond the limit.
 *
 * @example
 * const g = radiusGraph(features.positions, { cutoff: 5, maxNeighbours: 32 });
 */
export function radiusGraph(positions: Float32Array, options: RadiusGraphOptions = {}): RadiusGraph {
  const cutoff = options.cutoff ?? 5;
  const cap = options.maxNeighbours ?? 32;
  const batch = options.batch;
  const n = positions.length / 3;
  // Half-cutoff cells: the scanned volume is closer to the sphere than with cutoff-sized cells.
  const cells = new CellList(positions, cutoff / 2);
  // thousands of coincident points would cost O(n^2): refuse crowding beyond any molecule's (one graph only;
  // batched graphs overlap in space by design)
  if (batch === undefined) {
    const allowed = MAX_ATOMS_PER_CUBE * Math.max(1, (cells.cellSize / DENSITY_CUBE) ** 3);
    const most = cells.maxOccupancy();
    if (most > allowed)
      throw new StructureError(
        'STRUCTURE_BAD_INPUT',
        `${most} points share one ${cells.cellSize.toFixed(2)} A cell (at most ${Math.floor(allowed)}): ` +
          'coincident or stacked copies of atoms, not a molecule',
        { details: { reason: 'crowded', atoms: most } },
      );
  }
  const rowStart = new Uint32Array(n + 1);
  let src = new Uint32Array(Math.max(16, n * 8));
  let dist = new Float32Array(src.length);
  let m = 0;
  const candJ = new Uint32Array(n);
  const candD = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const found = cells.collectWithin(
      positions[3 * i]!,
      positions[3 * i + 1]!,
      positions[3 * i + 2]!,
      cutoff,
      candJ,
      candD,
    );
    // Drop self and other graphs, keeping the `cap` nearest by (distance, index). Insertion into a buffer bounded
    // by the cap: a crowded input (thousands of coincident atoms) costs O(found) per node once the buffer is full.
    const c = nearestFirst(i, found, cap, candJ, candD, batch);
    const take = Math.min(cap, c);
    if (m + take > src.length) {
      const grow = Math.max(src.length * 2, m + take);
      const s2 = new Uint32Array(grow);
      s2.set(src);
      src = s2;
      const d2 = new Float32Array(grow);
      d2.set(dist);
      dist = d2;
    }
    for (let k = 0; k < take; k++) {
      src[m] = candJ[k]!;
      dist[m] = Math.sqrt(candD[k]!);
      m++;
    }
    rowStart[i + 1] = m;
  }
  const dst = new Uint32Array(m);
  for (let i = 0; i < n; i++) dst.fill(i, rowStart[i]!, rowStart[i + 1]!);
  return { numNodes: n, numEdges: m, src: src.slice(0, m), dst, distance: dist.slice(0, m), rowStart };
}

// Compact candidates k < found into the front of candJ/candD, sorted by (distance, index), at most `cap` of them;
// returns how many.
function nearestFirst(
  i: number,
  found: number,
  cap: number,
  candJ: Uint32Array,
  candD: Float64Array,
  batch: Uint32Array | undefined,
): number {
  // no cap to bound the insertion: sort long lists instead (O(found log found))
  if (cap >= found && found > 64) {
    const keep: number[] = [];
    for (let k = 0; k < found; k++) {
      const j = candJ[k]!;
      if (j !== i && (batch === undefined || batch[j] === batch[i])) keep.push(k);
    }
    const d = keep.map((k) => candD[k]!);
    const js = keep.map((k) => candJ[k]!);
    const by = keep.map((_, t) => t).sort((p, q) => d[p]! - d[q]! || js[p]! - js[q]!);
    by.forEach((t, at) => {
      candD[at] = d[t]!;
      candJ[at] = js[t]!;
    });
    return by.length;
  }
  let c = 0;
  for (let k = 0; k < found; k++) {
    const j = candJ[k]!;
    if (j === i || (batch !== undefined && batch[j] !== batch[i])) continue;
    const d = candD[k]!;
    if (c === cap && (candD[c - 1]! < d || (candD[c - 1] === d && candJ[c - 1]! < j))) continue;
    // k >= c always, so writing slot c never overwrites a candidate still to be read
    let at = c < cap ? c++ : c - 1;
    while (at > 0 && (candD[at - 1]! > d || (candD[at - 1] === d && candJ[at - 1]! > j))) {
      candD[at] = candD[at - 1]!;
      candJ[at] = candJ[at - 1]!;
      at--;
    }
    candD[at] = d;
    candJ[at] = j;
  }
  return c;
}

/**
 * The quadratic reference: every pair is checked. Same output as {@link radiusGraph}; used by tests and the
 * benchmark to show the cell list's gain.
 */
export function radiusGraphQuadratic(positions: Float32Array, options: RadiusGraphOptions = {}): RadiusGraph {
  const cutoff = options.cutoff ?? 5;
  const cap = options.maxNeighbours ?? 32;
  const n = positions.length / 3;
  const src: number[] = [],
    dist: number[] = [];
  const rowStart = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const c: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      if (j === i || (options.batch && options.batch[i] !== options.batch[j])) continue;
      const dx = positions[3 * j]! - positions[3 * i]!,
        dy = positions[3 * j + 1]! - positions[3 * i + 1]!,
        dz = positions[3 * j + 2]! - positions[3 * i + 2]!;
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 <= cutoff * cutoff) c.push([j, d2]);
    }
    c.sort((p, q) => p[1] - q[1] || p[0] - q[0]);
    for (const [j, d2] of c.slice(0, cap)) {
      src.push(j);
      dist.push(Math.sqrt(d2));
    }
    rowStart[i + 1] = src.length;
  }
  const dst = new Uint32Array(src.length);
  for (let i = 0; i < n; i++) dst.fill(i, rowStart[i]!, rowStart[i + 1]!);
  return {
    numNodes: n,
    numEdges: src.length,
    src: Uint32Array.from(src),
    dst,
    distance: Float32Array.from(dist),
    rowStart,
  };
}

/** Destination-sorted padded neighbour layout: [N, K] source indices with a mask (1 real, 0 padding). */
export interface PaddedNeighbours {
  readonly numNodes: number;
  /** Width K: the largest in-degree (or the cap given). */
  readonly width: number;
  /** Row-major [N, K]; padding slots hold the node's own index so gathers stay in range. */
  readonly index: Uint32Array;
  readonly mask: Uint8Array;
  /** Row-major [N, K] edge lengths, 0 in padding. */
  readonly distance: Float32Array;
}

/** Convert a {@link RadiusGraph} into the padded [N, K] layout (fastest aggregation layout for the model). */
export function paddedNeighbours(g: RadiusGraph, width?: number): PaddedNeighbours {
  let k = width ?? 0;
  if (width === undefined)
    for (let i = 0; i < g.numNodes; i++) k = Math.max(k, g.rowStart[i + 1]! - g.rowStart[i]!);
  const index = new Uint32Array(g.numNodes * k);
  const mask = new Uint8Array(g.numNodes * k);
  const distance = new Float32Array(g.numNodes * k);
  for (let i = 0; i < g.numNodes; i++) {
    const s = g.rowStart[i]!,
      deg = Math.min(k, g.rowStart[i + 1]! - s);
    index.fill(i, i * k, (i + 1) * k);
    for (let e = 0; e < deg; e++) {
      index[i * k + e] = g.src[s + e]!;
      mask[i * k + e] = 1;
      distance[i * k + e] = g.distance[s + e]!;
    }
  }
  return { numNodes: g.numNodes, width: k, index, mask, distance };
}
