/** Shape ops: reshape, (un)squeeze, transpose, expand, concat, split, and zero/one fills. */
import { GraphError } from '../errors.js';
import { attr, normAxis } from '../infer.js';
import { type Dim, type Shape, type Value, formatShape } from '../value.js';
import { constTensor, int64s } from './const.js';

/** The runtime shape of `x` as an int64 vector (optionally dims [start, end)). */
export function shapeOf(x: Value, start?: number, end?: number): Value {
  const attrs: Record<string, ReturnType<typeof attr.int>> = {};
  if (start !== undefined) attrs.start = attr.int(start);
  if (end !== undefined) attrs.end = attr.int(end);
  return x.graph.apply('Shape', [x], attrs)[0]!;
}

/**
 * Reshapes to `shape`. Symbolic dims are resolved at run time: one at the same position in x is copied
 * (ONNX 0), and at most one other becomes -1.
 */
export function reshape(x: Value, shape: Shape): Value {
  let inferred = 0;
  const code = shape.map((d, i) => {
    if (typeof d === 'number') return d;
    if (x.shape[i] === d) return 0;
    inferred++;
    return -1;
  });
  if (inferred > 1) {
    throw new GraphError(
      'GRAPH_SHAPE_MISMATCH',
      `Reshape: cannot resolve ${formatShape(shape)} from ${formatShape(x.shape)}`,
    );
  }
  return x.graph.apply('Reshape', [x, int64s(x.graph, code)], { _shape: { kind: 'dims', value: shape } })[0]!;
}

/** Reshapes x to the (runtime) shape of `like`. */
export function reshapeLike(x: Value, like: Value): Value {
  return x.graph.apply('Reshape', [x, shapeOf(like)], { _shape: { kind: 'dims', value: like.shape } })[0]!;
}

/** Inserts size-1 axes. */
export function unsqueeze(x: Value, axes: readonly number[]): Value {
  return x.graph.apply('Unsqueeze', [x, int64s(x.graph, axes)], { _axes: attr.ints(axes) })[0]!;
}

/** Removes size-1 axes. */
export function squeeze(x: Value, axes: readonly number[]): Value {
  return x.graph.apply('Squeeze', [x, int64s(x.graph, axes)], { _axes: attr.ints(axes) })[0]!;
}

/** Permutes axes (default: reverse them). */
export function transpose(x: Value, perm?: readonly number[]): Value {
  const p = perm ?? x.shape.map((_, i) => x.shape.length - 1 - i);
  return x.graph.apply('Transpose', [x], { perm: attr.ints(p) })[0]!;
}

/** Swaps the last two axes. */
export function transposeLast(x: Value): Value {
  const r = x.shape.length;
  const p = x.shape.map((_, i) => (i === r - 2 ? r - 1 : i === r - 1 ? r - 2 : i));
  return transpose(x, p);
}

/** Broadcasts x to the runtime shape of `like` (only literal 1s stretch). */
export function expandLike(x: Value, like: Value): Value {
  return x.graph.apply('Expand', [x, shapeOf(like)], { _shape: { kind: 'dims', value: like.shape } })[0]!;
}

/** Broadcasts x to a literal shape. */
export function expand(x: Value, shape: readonly number[]): Value {
  return x.graph.apply('Expand', [x, int64s(x.graph, shape)], { _shape: { kind: 'dims', value: shape } })[0]!;
}

/** Joins values along `axis`. */
export function concat(xs: readonly Value[], axis: number): Value {
  return xs[0]!.graph.apply('Concat', xs, { axis: attr.int(axis) })[0]!;
}

/** Splits along `axis` into pieces of the given literal sizes. */
export function split(x: Value, sizes: readonly number[], axis: number): Value[] {
  const a = normAxis('Split', axis, x.shape.length);
  return x.graph.apply('Split', [x, int64s(x.graph, sizes)], { axis: attr.int(a), _sizes: attr.ints(sizes) });
}

/** Splits `x` along `axis` into pieces as long as each of `likes` is along that axis (sizes known at run time). */
export function splitLike(x: Value, likes: readonly Value[], axis: number): Value[] {
  const a = normAxis('Split', axis, x.shape.length);
  const sizes = concat(
    likes.map((l) => shapeOf(l, a, a + 1)),
    0,
  );
  return x.graph.apply('Split', [x, sizes], {
    axis: attr.int(a),
    _dims: { kind: 'dims', value: likes.map((l) => l.shape[a]!) },
  });
}

/** A tensor of `fill` with the runtime shape held by the int64 vector `shape`; `dims` is its static shape. */
export function fill(shape: Value, dims: readonly Dim[], fillValue: number, dtype: Value['dtype']): Value {
  return shape.graph.apply('ConstantOfShape', [shape], {
    value: { kind: 'tensor', value: constTensor(dtype, [1], [fillValue]) },
    _shape: { kind: 'dims', value: dims },
  })[0]!;
}

/** Zeros shaped and typed like `x`. */
export function zerosLike(x: Value): Value {
  return fill(shapeOf(x), x.shape, 0, x.dtype);
}

/** Ones shaped and typed like `x`. */
export function onesLike(x: Value): Value {
  return fill(shapeOf(x), x.shape, 1, x.dtype);
}
