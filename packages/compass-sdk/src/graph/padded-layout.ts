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
