/** Constants: scalars, int64 index lists and literal tensors, stored as initialisers. */
import type { Graph } from '../graph.js';
import type { ConstTensor } from '../op-def.js';
import type { DType, Value } from '../value.js';

/** A float or int64 scalar constant (shape `[]`). */
export function scalar(g: Graph, value: number, dtype: DType): Value {
  return tensor(g, dtype, [], [value]);
}

/** A rank-1 int64 constant, for axes, shapes and indices. */
export function int64s(g: Graph, values: readonly number[]): Value {
  return tensor(g, 'int64', [values.length], values);
}

/** A constant tensor of any supported dtype from plain numbers. */
export function tensor(g: Graph, dtype: DType, shape: readonly number[], values: ArrayLike<number>): Value {
  return g.constant(constTensor(dtype, shape, values));
}

/** Packs plain numbers into the typed array of `dtype`. */
export function constTensor(dtype: DType, shape: readonly number[], values: ArrayLike<number>): ConstTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const src = Array.from(values);
  if (src.length !== n) throw new RangeError(`constant of shape [${shape.join(', ')}] needs ${n} values`);
  const data =
    dtype === 'float32'
      ? Float32Array.from(src)
      : dtype === 'float64'
        ? Float64Array.from(src)
        : dtype === 'int64'
          ? BigInt64Array.from(src.map((v) => BigInt(v)))
          : Uint8Array.from(src.map((v) => (v ? 1 : 0)));
  return { dtype, shape: [...shape], data };
}

/** A number becomes a scalar constant of `like`'s dtype; a value passes through. */
export function lift(x: Value | number, like: Value): Value {
  return typeof x === 'number' ? scalar(like.graph, x, like.dtype) : x;
}
