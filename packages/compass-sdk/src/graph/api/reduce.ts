/** Reductions over literal axes. */
import type { OpName } from '../op-name.js';
import { attr } from '../infer.js';
import type { Value } from '../value.js';
import { int64s } from './const.js';

function reduce(op: OpName, x: Value, axes: readonly number[], keepdims: boolean): Value {
  const r = x.shape.length;
  const norm = axes.map((a) => (a < 0 ? a + r : a)).sort((a, b) => a - b);
  return x.graph.apply(op, [x, int64s(x.graph, norm)], {
    keepdims: attr.int(keepdims ? 1 : 0),
    _axes: attr.ints(norm),
  })[0]!;
}

/** Sum over `axes`. */
export const reduceSum = (x: Value, axes: readonly number[], keepdims = false): Value =>
  reduce('ReduceSum', x, axes, keepdims);
/** Mean over `axes` (the reduced dims must be literal). */
export const reduceMean = (x: Value, axes: readonly number[], keepdims = false): Value =>
  reduce('ReduceMean', x, axes, keepdims);
/** Maximum over `axes`; the gradient is shared among ties. */
export const reduceMax = (x: Value, axes: readonly number[], keepdims = false): Value =>
  reduce('ReduceMax', x, axes, keepdims);
/** Minimum over `axes`; the gradient is shared among ties. */
export const reduceMin = (x: Value, axes: readonly number[], keepdims = false): Value =>
  reduce('ReduceMin', x, axes, keepdims);
/** Sum of every element, as a scalar. */
export const sumAll = (x: Value): Value =>
  reduceSum(
    x,
    x.shape.map((_, i) => i),
  );
/** Mean of every element, as a scalar. */
export const meanAll = (x: Value): Value =>
  reduceMean(
    x,
    x.shape.map((_, i) => i),
  );
