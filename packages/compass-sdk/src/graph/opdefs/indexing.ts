/** Gather and scatter op definitions; their gradients are scatters and gathers of each other. */
import * as A from '../api/arith.js';
import * as I from '../api/indexing.js';
import * as S from '../api/shape.js';
import { GraphError } from '../errors.js';
import { intAttr, normAxis, stringAttr } from '../infer.js';
import type { GradContext, OpDef } from '../op-def.js';
import type { OpName } from '../op-name.js';
import { type Value, flatDim, formatShape } from '../value.js';

/** Throws unless `v` holds int64 indices. */
export function needInt(op: string, v: Value): void {
  if (v.dtype !== 'int64')
    throw new GraphError('GRAPH_DTYPE_MISMATCH', `${op}: indices must be int64, got ${v.dtype}`);
}

/** d(Gather(data, idx, axis 0))/d data: scatter-add the output gradient rows back (exact at any thread count). */
function gatherGrad(c: GradContext): Value {
  const [data, idx] = [c.inputs[0]!, c.inputs[1]!];
  if (intAttr(c.attrs, 'axis', 0) !== 0)
    throw new GraphError('GRAPH_NO_GRADIENT', 'Gather: gradient only along axis 0');
  let flatIdx = idx;
  let dy = c.dy[0]!;
  if (idx.shape.length !== 1) {
    const rest = data.shape.slice(1);
    if (rest.some((d) => typeof d !== 'number'))
      throw new GraphError('GRAPH_NO_GRADIENT', 'Gather: gradient needs literal row dims');
    const m = flatDim(idx.shape);
    flatIdx = S.reshape(idx, [m]);
    dy = S.reshape(dy, [m, ...rest]);
  }
  const rank = data.shape.length;
  const spread = rank > 1 ? S.expandLike(S.unsqueeze(flatIdx, range(1, rank)), dy) : flatIdx;
  return I.scatterElements(S.zerosLike(data), spread, dy, 0, 'add');
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}

/** Gradients of ScatterElements for each reduction. */
function scatterGrad(c: GradContext, i: number): Value {
  const [data, idx, upd] = [c.inputs[0]!, c.inputs[1]!, c.inputs[2]!];
  const [y, dy] = [c.outputs[0]!, c.dy[0]!];
  const axis = intAttr(c.attrs, 'axis', 0);
  const red = stringAttr(c.attrs, 'reduction', 'none');
  if (red === 'add') return i === 0 ? dy : I.gatherElements(dy, idx, axis);
  if (red === 'none') {
    return i === 0
      ? I.scatterElements(dy, idx, S.zerosLike(upd), axis, 'none')
      : I.gatherElements(dy, idx, axis);
  }
  // max/min: the gradient goes to whichever entries equal the result (ties each get it).
  if (i === 0) return A.mul(dy, A.cast(A.equal(data, y), data.dtype));
  return A.mul(
    I.gatherElements(dy, idx, axis),
    A.cast(A.equal(upd, I.gatherElements(y, idx, axis)), upd.dtype),
  );
}

/** Indexing ops. */
export const INDEXING_OPS = {
  Gather: {
    onnx: 'Gather',
    arity: [2, 2],
    infer: ([d, idx], attrs) => {
      needInt('Gather', idx!);
      const axis = normAxis('Gather', intAttr(attrs, 'axis', 0), d!.shape.length);
      return [
        { dtype: d!.dtype, shape: [...d!.shape.slice(0, axis), ...idx!.shape, ...d!.shape.slice(axis + 1)] },
      ];
    },
    grad: [gatherGrad, null],
    test: {
      tol: 1e-6,
      cases: [
        { inputs: [{ shape: [4, 3] }, { shape: [5], int: 4 }], apply: (xs) => I.gather(xs[0]!, xs[1]!) },
        { inputs: [{ shape: [4, 2] }, { shape: [2, 3], int: 4 }], apply: (xs) => I.gather(xs[0]!, xs[1]!) },
        { inputs: [{ shape: [4] }, { shape: [6], int: 4 }], apply: (xs) => I.gather(xs[0]!, xs[1]!) },
      ],
    },
  },
  GatherElements: {
    onnx: 'GatherElements',
    arity: [2, 2],
    infer: ([d, idx]) => {
      needInt('GatherElements', idx!);
      if (d!.shape.length !== idx!.shape.length) {
        throw new GraphError(
          'GRAPH_SHAPE_MISMATCH',
          `GatherElements: rank of ${formatShape(idx!.shape)} differs from data`,
        );
      }
      return [{ dtype: d!.dtype, shape: idx!.shape }];
    },
    grad: [
      (c) =>
        I.scatterElements(
          S.zerosLike(c.inputs[0]!),
          c.inputs[1]!,
          c.dy[0]!,
          intAttr(c.attrs, 'axis', 0),
          'add',
        ),
      null,
    ],
    test: {
      tol: 1e-6,
      cases: [
        {
          inputs: [{ shape: [3, 2] }, { shape: [5, 2], int: 3 }],
          apply: (xs) => I.gatherElements(xs[0]!, xs[1]!, 0),
        },
      ],
    },
  },
  GatherND: {
    onnx: 'GatherND',
    arity: [2, 2],
    infer: ([d, idx]) => {
      needInt('GatherND', idx!);
      const k = idx!.shape[idx!.shape.length - 1];
      if (typeof k !== 'number')
        throw new GraphError('GRAPH_SHAPE_MISMATCH', 'GatherND: last index dim must be literal');
      return [{ dtype: d!.dtype, shape: [...idx!.shape.slice(0, -1), ...d!.shape.slice(k)] }];
    },
    grad: [null, null],
    test: { tol: 0, cases: [] },
  },
  ScatterElements: {
    onnx: 'ScatterElements',
    arity: [3, 3],
    infer: ([d, idx, u]) => {
      needInt('ScatterElements', idx!);
      if (idx!.shape.length !== u!.shape.length || idx!.shape.some((e, i) => e !== u!.shape[i])) {
        throw new GraphError(
          'GRAPH_SHAPE_MISMATCH',
          `ScatterElements: indices ${formatShape(idx!.shape)} vs updates ${formatShape(u!.shape)}`,
        );
      }
      return [{ dtype: d!.dtype, shape: d!.shape }];
    },
    grad: [scatterGrad, null, scatterGrad],
    test: {
      tol: 1e-6,
      cases: (['add', 'max', 'min'] as const).map((red) => ({
        inputs: [{ shape: [4, 2] }, { shape: [5, 2], int: 4 }, { shape: [5, 2] }],
        apply: (xs: readonly Value[]) => I.scatterElements(xs[0]!, xs[1]!, xs[2]!, 0, red),
      })),
    },
  },
  ScatterND: {
    onnx: 'ScatterND',
    arity: [3, 3],
    infer: ([d, idx]) => {
      needInt('ScatterND', idx!);
      return [{ dtype: d!.dtype, shape: d!.shape }];
    },
    grad: [
      (c) => {
        if (stringAttr(c.attrs, 'reduction', 'none') !== 'add')
          throw new GraphError('GRAPH_NO_GRADIENT', 'ScatterND: gradient only for add');
        return c.dy[0]!;
      },
      null,
      (c) => I.gatherND(c.dy[0]!, c.inputs[1]!),
    ],
    test: {
      tol: 1e-6,
      cases: [
        {
          inputs: [{ shape: [4, 2] }, { shape: [5, 1], int: 4 }, { shape: [5, 2] }],
          apply: (xs) => I.scatterND(xs[0]!, xs[1]!, xs[2]!, 'add'),
        },
      ],
    },
  },
} satisfies Partial<Record<OpName, OpDef>>;
