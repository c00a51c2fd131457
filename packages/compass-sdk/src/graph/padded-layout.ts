/** Host-side helpers of the padded neighbour layout ([N, K] neighbour indices with a mask). */
import { GraphError } from './errors.js';

/**
 * For a symmetric neighbour set (j lists i whenever i lists j), the flat slot `i * K + k` at which atom
 * `nbr[j][k']` lists j, for each real slot (j, k'); padded slots get 0. With it, the gradient of gathering
 * neighbour rows is itself a gather plus a masked sum: deterministic and multi-threaded, no scatter.
 * Throws GRAPH_SHAPE_MISMATCH when the set is not symmetric.
 */
export function reverseNeighbourIndex(
  nbr: ArrayLike<number | bigint>,
  mask: ArrayLike<number>,
  n: number,
  k: number,
): number[] {
  const slot = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < k; s++) if (mask[i * k + s]) slot.set(i * n + Number(nbr[i * k + s]), i * k + s);
  }
  const rev = new Array<number>(n * k).fill(0);
  for (let j = 0; j < n; j++) {
    for (let s = 0; s < k; s++) {
      if (!mask[j * k + s]) continue;
      const i = Number(nbr[j * k + s]);
      const at = slot.get(i * n + j);
      if (at === undefined) {
        throw new GraphError(
          'GRAPH_SHAPE_MISMATCH',
          `neighbour set is not symmetric: ${j} lists ${i} but ${i} does not list ${j}`,
        );
      }
      rev[j * k + s] = at;
    }
  }
  return rev;
}

/** Slot widths of the degree buckets of {@link edgeBuckets}: each target atom sits in the narrowest that fits. */
export const EDGE_BUCKET_WIDTHS: readonly number[] = [2, 4, 8, 16, 32];

/** One degree bucket: its target atoms' incoming edges in [R + 1, K] slots (the last row is all padding). */
export interface EdgeBucket {
  /** Slots per row (the bucket's width; the last bucket widens to the largest degree). */
  readonly k: number;
  /** Target atoms of the bucket's rows (without the padding row). */
  readonly rows: Int32Array;
  /** [(R + 1) * K] edge index held in each slot (0 in padding). */
  readonly slots: Int32Array;
  /** [(R + 1) * K] 1 for a real slot. */
  readonly mask: Uint8Array;
  /** [E] flat slot of each edge in this bucket; edges of other buckets point at the padding row. */
  readonly pos: Int32Array;
}

/**
 * A directed edge list as degree buckets, so a per-target sum is gathers and dense sums with little padding:
 * target atoms of in-degree up to 2, 4, 8, 16, 32 and beyond each fill one bucket's rows. `atomRow` [N] is each
 * atom's row in the buckets' rows concatenated (padding rows included; atoms without edges point at a padding row)
 * and `rowAtom` [R + buckets] the atom of each concatenated row (0 for padding rows). O(E + N).
 */
export function edgeBuckets(
  src: ArrayLike<number>,
  dst: ArrayLike<number>,
  n: number,
): { readonly buckets: readonly EdgeBucket[]; readonly atomRow: Int32Array; readonly rowAtom: Int32Array } {
  const deg = new Int32Array(n);
  for (let e = 0; e < dst.length; e++) deg[dst[e]!]!++;
  const widths = [...EDGE_BUCKET_WIDTHS, Math.max(2 * EDGE_BUCKET_WIDTHS.at(-1)!, ...deg)];
  const bucketOf = (d: number): number => widths.findIndex((w) => d <= w);
  const rowsOf: number[][] = widths.map(() => []);
  const rowInBucket = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (deg[i] === 0) continue;
    const b = bucketOf(deg[i]!);
    rowInBucket[i] = rowsOf[b]!.length;
    rowsOf[b]!.push(i);
  }
  const fill = new Int32Array(n);
  const buckets = widths.map((k, b) => {
    const r = rowsOf[b]!.length;
    const slots = new Int32Array((r + 1) * k);
    const mask = new Uint8Array((r + 1) * k);
    const pos = new Int32Array(dst.length).fill(r * k);
    return { k, rows: Int32Array.from(rowsOf[b]!), slots, mask, pos };
  });
  for (let e = 0; e < dst.length; e++) {
    const i = dst[e]!;
    const bucket = buckets[bucketOf(deg[i]!)]!;
    const at = rowInBucket[i]! * bucket.k + fill[i]!++;
    bucket.slots[at] = e;
    bucket.mask[at] = 1;
    bucket.pos[e] = at;
  }
  const offsets: number[] = [];
  let total = 0;
  for (const b of buckets) {
    offsets.push(total);
    total += b.rows.length + 1;
  }
  const atomRow = new Int32Array(n).fill(offsets[0]! + buckets[0]!.rows.length); // bucket 0's padding row
  const rowAtom = new Int32Array(total);
  buckets.forEach((b, k) =>
    b.rows.forEach((atom, r) => {
      atomRow[atom] = offsets[k]! + r;
      rowAtom[offsets[k]! + r] = atom;
    }),
  );
  return { buckets, atomRow, rowAtom };
}
