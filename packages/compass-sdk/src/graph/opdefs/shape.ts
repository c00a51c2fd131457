/** Shape op definitions: reshape, (un)squeeze, transpose, expand, concat, split, shape, fills. */
import { reduceSum } from '../api/reduce.js';
import * as S from '../api/shape.js';
import { GraphError } from '../errors.js';
import { broadcastShapes, intAttr, intsAttr, normAxis } from '../infer.js';
import type { Attrs, GradContext, OpDef } from '../op-def.js';
import type { OpName } from '../op-name.js';
import { type Dim, type Shape, type Value, formatShape } from '../value.js';

function dimsAttr(attrs: Attrs, name: string): Shape {
  const a = attrs[name];
  if (a?.kind !== 'dims') throw new GraphError('GRAPH_BAD_ATTRIBUTE', `missing build-time shape ${name}`);
  return a.value;
}

const likeInput = (c: GradContext): Value => S.reshapeLike(c.dy[0]!, c.inputs[0]!);
const one = (shape: number[]) => ({ inputs: [{ shape }] });

/** Cached per output gradient, so that Concat's inputs share one Split. */
const concatSplits = new WeakMap<Value, Value[]>();

/** Shape ops. */
export const SHAPE_OPS = {
  Reshape: {
    onnx: 'Reshape',
    arity: [2, 2],
    infer: ([x], attrs) => [{ dtype: x!.dtype, shape: dimsAttr(attrs, '_shape') }],
    grad: [likeInput, null],
    test: { tol: 1e-6, cases: [{ ...one([2, 3]), apply: (xs) => S.reshape(xs[0]!, [3, 2]) }] },
  },
  Unsqueeze: {
    onnx: 'Unsqueeze',
    arity: [2, 2],
    infer: ([x], attrs) => {
      const axes = intsAttr(attrs, '_axes');
      const rank = x!.shape.length + axes.length;
      const norm = axes.map((a) => normAxis('Unsqueeze', a, rank));
      const out: Dim[] = [];
      let k = 0;
      for (let i = 0; i < rank; i++) out.push(norm.includes(i) ? 1 : x!.shape[k++]!);
      return [{ dtype: x!.dtype, shape: out }];
    },
    grad: [likeInput, null],
    test: { tol: 1e-6, cases: [{ ...one([2, 3]), apply: (xs) => S.unsqueeze(xs[0]!, [0, -1]) }] },
  },
  Squeeze: {
    onnx: 'Squeeze',
    arity: [2, 2],
    infer: ([x], attrs) => {
      const axes = intsAttr(attrs, '_axes').map((a) => normAxis('Squeeze', a, x!.shape.length));
      for (const a of axes) {
        if (x!.shape[a] !== 1)
          throw new GraphError(
            'GRAPH_SHAPE_MISMATCH',
            `Squeeze: axis ${a} of ${formatShape(x!.shape)} is not 1`,
          );
      }
      return [{ dtype: x!.dtype, shape: x!.shape.filter((_, i) => !axes.includes(i)) }];
    },
    grad: [likeInput, null],
    test: { tol: 1e-6, cases: [{ ...one([2, 1, 3]), apply: (xs) => S.squeeze(xs[0]!, [1]) }] },
  },
  Transpose: {
    onnx: 'Transpose',
    arity: [1, 1],
    infer: ([x], attrs) => {
      const perm = intsAttr(attrs, 'perm');
      if (perm.length !== x!.shape.length || new Set(perm).size !== perm.length) {
        throw new GraphError('GRAPH_BAD_ATTRIBUTE', `Transpose: bad perm [${perm.join(', ')}]`);
      }
      return [{ dtype: x!.dtype, shape: perm.map((p) => x!.shape[p]!) }];
    },
    grad: [
      (c) => {
        const perm = intsAttr(c.attrs, 'perm');
        const inv = perm.map((_, i) => perm.indexOf(i));
        return S.transpose(c.dy[0]!, inv);
      },
    ],
    test: { tol: 1e-6, cases: [{ ...one([2, 3, 4]), apply: (xs) => S.transpose(xs[0]!, [2, 0, 1]) }] },
  },
  Expand: {
    onnx: 'Expand',
    arity: [2, 2],
    infer: ([x], attrs) => [
      { dtype: x!.dtype, shape: broadcastShapes('Expand', [x!.shape, dimsAttr(attrs, '_shape')]) },
    ],
    grad: [(c) => c.dy[0]!, null],
    test: { tol: 1e-6, cases: [{ ...one([3, 1]), apply: (xs) => S.expand(xs[0]!, [2, 3, 4]) }] },
  },
  Concat: {
    onnx: 'Concat',
    arity: [1, 64],
    infer: (xs, attrs) => {
      const x0 = xs[0]!;
      const axis = normAxis('Concat', intAttr(attrs, 'axis'), x0.shape.length);
      let total: Dim | undefined;
      for (const x of xs) {
        const ok =
          x.dtype === x0.dtype &&
          x.shape.length === x0.shape.length &&
          x.shape.every((d, i) => i === axis || d === x0.shape[i]);
        if (!ok)
          throw new GraphError(
            'GRAPH_SHAPE_MISMATCH',
            `Concat: ${xs.map((v) => formatShape(v.shape)).join(', ')} along ${axis}`,
          );
        const d = x.shape[axis]!;
        total =
          total === undefined
            ? d
            : typeof total === 'number' && typeof d === 'number'
              ? total + d
              : `${total}+${d}`;
      }
      return [{ dtype: x0.dtype, shape: x0.shape.map((d, i) => (i === axis ? total! : d)) }];
    },
    grad: [
      (c, i) => {
        const dy = c.dy[0]!;
        let parts = concatSplits.get(dy);
        if (!parts) {
          const axis = normAxis('Concat', intAttr(c.attrs, 'axis'), dy.shape.length);
          const sizes = c.inputs.map((x) => x.shape[axis]!);
          // Symbolic sizes: split at the inputs' runtime sizes along the axis.
          parts = sizes.every((d) => typeof d === 'number')
            ? S.split(dy, sizes as number[], axis)
            : S.splitLike(dy, c.inputs, axis);
          concatSplits.set(dy, parts);
        }
        return parts[i]!;
      },
    ],
    test: {
      tol: 1e-6,
      cases: [
        { inputs: [{ shape: [2, 3] }, { shape: [2, 1] }], apply: (xs) => S.concat([xs[0]!, xs[1]!], 1) },
      ],
    },
  },
  Split: {
    onnx: 'Split',
    arity: [2, 2],
    outputs: (attrs) => ('_dims' in attrs ? dimsAttr(attrs, '_dims') : intsAttr(attrs, '_sizes')).length,
    infer: ([x], attrs) => {
      const axis = intAttr(attrs, 'axis');
      if ('_dims' in attrs)
        return dimsAttr(attrs, '_dims').map((s) => ({
          dtype: x!.dtype,
          shape: x!.shape.map((e, i) => (i === axis ? s : e)),
        }));
      const sizes = intsAttr(attrs, '_sizes');
      const d = x!.shape[axis]!;
      if (typeof d === 'number' && sizes.reduce((a, b) => a + b, 0) !== d) {
        throw new GraphError(
          'GRAPH_SHAPE_MISMATCH',
          `Split: sizes [${sizes.join(', ')}] do not add up to ${d}`,
        );
      }
      return sizes.map((s) => ({ dtype: x!.dtype, shape: x!.shape.map((e, i) => (i === axis ? s : e)) }));
    },
    grad: [(c) => S.concat(c.dy, intAttr(c.attrs, 'axis')), null],
    test: {
      tol: 1e-6,
      // Uses only the second piece, so the walker's zero fill for unused outputs is exercised.
      cases: [{ ...one([2, 5]), apply: (xs) => reduceSum(S.split(xs[0]!, [2, 3], 1)[1]!, [1]) }],
    },
  },
  Shape: {
    onnx: 'Shape',
    arity: [1, 1],
    infer: ([x], attrs) => {
      const r = x!.shape.length;
      const start = intAttr(attrs, 'start', 0);
      const end = intAttr(attrs, 'end', r);
      return [
        { dtype: 'int64', shape: [Math.max(0, (end < 0 ? end + r : end) - (start < 0 ? start + r : start))] },
      ];
    },
    grad: [null],
    test: { tol: 0, cases: [] },
  },
  ConstantOfShape: {
    onnx: 'ConstantOfShape',
    arity: [1, 1],
    infer: (_xs, attrs) => {
      const v = attrs.value;
      if (v?.kind !== 'tensor') throw new GraphError('GRAPH_BAD_ATTRIBUTE', 'ConstantOfShape: missing value');
      return [{ dtype: v.value.dtype, shape: dimsAttr(attrs, '_shape') }];
    },
    grad: [null],
    test: { tol: 0, cases: [] },
  },
} satisfies Partial<Record<OpName, OpDef>>;
