/** Gathers and scatters: embeddings, edge gathers, and segment reductions. */
import { attr } from '../infer.js';
import type { Value } from '../value.js';

/** Takes slices of `data` along `axis` at int64 `indices` (embedding lookup, gather by source atom). */
export function gather(data: Value, indices: Value, axis = 0): Value {
  return data.graph.apply('Gather', [data, indices], { axis: attr.int(axis) })[0]!;
}

/**
 * Gathers neighbour rows for the padded layout: x [N, ...], nbr [N, K] -> [N, K, ...]. With `reverse` (from
 * {@link reverseNeighbourIndex}, for symmetric neighbour sets) and the slot `mask`, the gradient is a gather
 * and a masked sum instead of a scatter: deterministic and fast at any thread count.
 */
export function gatherNeighbours(x: Value, nbr: Value, reverse?: { reverse: Value; mask: Value }): Value {
  if (!reverse) return gather(x, nbr, 0);
  return x.graph.apply('NeighbourGather', [x, nbr, reverse.reverse, reverse.mask])[0]!;
}

/**
 * Gathers per-edge rows `x` [E, ...] into a padded per-atom layout [N, K, ...] at `slots` [N, K] (the edge held in
 * each slot). `pos` [E] is each edge's flat slot `i * K + k`: every edge sits in exactly one slot, so the gradient
 * is a gather at `pos` (no scatter). Padded slots must be masked by the caller before use.
 */
export function slotGather(x: Value, slots: Value, pos: Value): Value {
  return x.graph.apply('SlotGather', [x, slots, pos])[0]!;
}

/** Element-wise gather along `axis`; `indices` has the output shape. */
export function gatherElements(data: Value, indices: Value, axis = 0): Value {
  return data.graph.apply('GatherElements', [data, indices], { axis: attr.int(axis) })[0]!;
}

/** Gathers slices at index tuples (last axis of `indices`); no gradient to `data` (use gather). */
export function gatherND(data: Value, indices: Value): Value {
  return data.graph.apply('GatherND', [data, indices])[0]!;
}

/** Reduction mode of a scatter. */
export type ScatterReduction = 'add' | 'max' | 'min' | 'none';

/** Writes `updates` into a copy of `data` at element `indices` along `axis`, combining with `reduction`. */
export function scatterElements(
  data: Value,
  indices: Value,
  updates: Value,
  axis = 0,
  reduction: ScatterReduction = 'add',
): Value {
  return data.graph.apply('ScatterElements', [data, indices, updates], {
    axis: attr.int(axis),
    reduction: attr.string(reduction),
  })[0]!;
}

/**
 * Writes slices of `updates` into `data` at index tuples. Warning: with reduction add, onnxruntime 1.30
 * loses updates on more than one intra-op thread; prefer {@link scatterElements} or the padded layout.
 */
export function scatterND(
  data: Value,
  indices: Value,
  updates: Value,
  reduction: ScatterReduction = 'add',
): Value {
  return data.graph.apply('ScatterND', [data, indices, updates], { reduction: attr.string(reduction) })[0]!;
}
