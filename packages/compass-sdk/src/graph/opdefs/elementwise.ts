/** Element-wise op definitions: arithmetic, activations, comparisons, with their gradient rules. */
import * as A from '../api/arith.js';
import { GraphError } from '../errors.js';
import { broadcastShapes, floatDType, sameDType } from '../infer.js';
import type { OpDef, OpTestCase } from '../op-def.js';
import type { OpName } from '../op-name.js';
import type { Value } from '../value.js';

const inferUnary: OpDef['infer'] = (xs) => [{ dtype: floatDType('unary', xs[0]!), shape: xs[0]!.shape }];

function unaryCase(
  apply: (x: Value) => Value,
  ref: (x: number) => number,
  range: [number, number] = [-2, 2],
): OpTestCase {
  return {
    inputs: [{ shape: [2, 3], range }],
    apply: (xs) => apply(xs[0]!),
    reference: (xs) => xs[0]!.map(ref),
  };
}

function unary(
  onnx: OpName,
  grad: (x: Value, y: Value, dy: Value) => Value,
  apply: (x: Value) => Value,
  ref: (x: number) => number,
  range?: [number, number],
): OpDef {
  return {
    onnx,
    arity: [1, 1],
    infer: inferUnary,
    grad: [(c) => grad(c.inputs[0]!, c.outputs[0]!, c.dy[0]!)],
    test: { tol: 1e-6, cases: [unaryCase(apply, ref, range)] },
  };
}

function bcastRef(f: (a: number, b: number) => number) {
  // The test shapes are [2,3] with [2,3], [3] or [2,1]: index b by broadcasting on the fly.
  return (xs: readonly Float64Array[]) => {
    const [a, b] = [xs[0]!, xs[1]!];
    return a.map((v, i) =>
      f(v, b.length === a.length ? b[i]! : b.length === 3 ? b[i % 3]! : b[Math.floor(i / 3)]!),
    );
  };
}

function binary(
  onnx: OpName,
  grads: [
    (a: Value, b: Value, y: Value, dy: Value) => Value,
    (a: Value, b: Value, y: Value, dy: Value) => Value,
  ],
  apply: (a: Value, b: Value) => Value,
  ref: (a: number, b: number) => number,
  rangeB: [number, number] = [-2, 2],
  rangeA: [number, number] = [-2, 2],
): OpDef {
  return {
    onnx,
    arity: [2, 2],
    infer: (xs) => [
      {
        dtype: sameDType(onnx, xs),
        shape: broadcastShapes(
          onnx,
          xs.map((x) => x.shape),
        ),
      },
    ],
    grad: grads.map(
      (g) => (c: Parameters<NonNullable<OpDef['grad'][number]>>[0]) =>
        g(c.inputs[0]!, c.inputs[1]!, c.outputs[0]!, c.dy[0]!),
    ),
    test: {
      tol: 1e-6,
      cases: [
        {
          inputs: [
            { shape: [2, 3], range: rangeA },
            { shape: [2, 3], range: rangeB },
          ],
          apply: (xs) => apply(xs[0]!, xs[1]!),
          reference: bcastRef(ref),
        },
        {
          inputs: [
            { shape: [2, 3], range: rangeA },
            { shape: [3], range: rangeB },
          ],
          apply: (xs) => apply(xs[0]!, xs[1]!),
          reference: bcastRef(ref),
        },
        {
          inputs: [
            { shape: [2, 3], range: rangeA },
            { shape: [2, 1], range: rangeB },
          ],
          apply: (xs) => apply(xs[0]!, xs[1]!),
          reference: bcastRef(ref),
        },
      ],
    },
  };
}

function compare(
  onnx: OpName,
  apply: (a: Value, b: Value) => Value,
  ref: (a: number, b: number) => boolean,
): OpDef {
  return {
    onnx,
    arity: [2, 2],
    infer: (xs) => [
      {
        dtype: 'bool',
        shape: broadcastShapes(
          onnx,
          xs.map((x) => x.shape),
        ),
      },
    ],
    grad: [null, null],
    test: {
      tol: 0,
      cases: [
        {
          inputs: [
            { shape: [2, 3], range: [-1, 1] },
            { shape: [3], range: [-1, 1] },
          ],
          apply: (xs) => A.cast(apply(xs[0]!, xs[1]!), 'float64'),
          reference: bcastRef((a, b) => (ref(a, b) ? 1 : 0)),
        },
      ],
    },
  };
}

/** Element-wise ops. */
export const ELEMENTWISE_OPS = {
  Add: binary('Add', [(_a, _b, _y, dy) => dy, (_a, _b, _y, dy) => dy], A.add, (a, b) => a + b),
  Sub: binary('Sub', [(_a, _b, _y, dy) => dy, (_a, _b, _y, dy) => A.neg(dy)], A.sub, (a, b) => a - b),
  Mul: binary(
    'Mul',
    [(_a, b, _y, dy) => A.mul(dy, b), (a, _b, _y, dy) => A.mul(dy, a)],
    A.mul,
    (a, b) => a * b,
  ),
  Div: binary(
    'Div',
    [(_a, b, _y, dy) => A.div(dy, b), (_a, b, y, dy) => A.neg(A.mul(dy, A.div(y, b)))],
    A.div,
    (a, b) => a / b,
    [0.5, 2],
  ),
  Pow: binary(
    'Pow',
    [
      (a, b, _y, dy) => A.mul(A.mul(dy, b), A.pow(a, A.sub(b, 1))),
      (a, _b, y, dy) => A.mul(A.mul(dy, y), A.log(a)),
    ],
    A.pow,
    (a, b) => a ** b,
    [-2, 2],
    [0.5, 2],
  ),
  Neg: unary(
    'Neg',
    (_x, _y, dy) => A.neg(dy),
    A.neg,
    (x) => -x,
  ),
  Exp: unary('Exp', (_x, y, dy) => A.mul(dy, y), A.exp, Math.exp),
  Log: unary('Log', (x, _y, dy) => A.div(dy, x), A.log, Math.log, [0.5, 2]),
  Sqrt: unary('Sqrt', (_x, y, dy) => A.div(A.mul(dy, 0.5), y), A.sqrt, Math.sqrt, [0.5, 2]),
  Sin: unary('Sin', (x, _y, dy) => A.mul(dy, A.cos(x)), A.sin, Math.sin),
  Cos: unary('Cos', (x, _y, dy) => A.neg(A.mul(dy, A.sin(x))), A.cos, Math.cos),
  Tanh: unary('Tanh', (_x, y, dy) => A.mul(dy, A.sub(1, A.mul(y, y))), A.tanh, Math.tanh),
  Sigmoid: unary(
    'Sigmoid',
    (_x, y, dy) => A.mul(dy, A.mul(y, A.sub(1, y))),
    A.sigmoid,
    (x) => 1 / (1 + Math.exp(-x)),
  ),
  Softplus: unary(
    'Softplus',
    (x, _y, dy) => A.mul(dy, A.sigmoid(x)),
    A.softplus,
    (x) => Math.log1p(Math.exp(x)),
  ),
  Abs: unary('Abs', (x, _y, dy) => A.where(A.less(x, 0), A.neg(dy), dy), A.abs, Math.abs),
  Relu: unary(
    'Relu',
    (x, _y, dy) => A.where(A.greater(x, 0), dy, 0),
    A.relu,
    (x) => Math.max(x, 0),
  ),
  Identity: unary(
    'Identity',
    (_x, _y, dy) => dy,
    A.identity,
    (x) => x,
  ),
  Clip: {
    onnx: 'Clip',
    arity: [3, 3],
    infer: (xs) => [{ dtype: sameDType('Clip', xs), shape: xs[0]!.shape }],
    grad: [
      (c) =>
        A.where(
          A.less(c.inputs[0]!, c.inputs[1]!),
          0,
          A.where(A.greater(c.inputs[0]!, c.inputs[2]!), 0, c.dy[0]!),
        ),
      null,
      null,
    ],
    test: {
      tol: 1e-6,
      cases: [
        unaryCase(
          (x) => A.clip(x, -0.7, 0.9),
          (x) => Math.min(Math.max(x, -0.7), 0.9),
        ),
      ],
    },
  },
  Where: {
    onnx: 'Where',
    arity: [3, 3],
    infer: (xs) => {
      if (xs[0]!.dtype !== 'bool')
        throw new GraphError('GRAPH_DTYPE_MISMATCH', 'Where: the condition must be bool');
      return [
        {
          dtype: sameDType('Where', xs.slice(1)),
          shape: broadcastShapes(
            'Where',
            xs.map((x) => x.shape),
          ),
        },
      ];
    },
    grad: [null, (c) => A.where(c.inputs[0]!, c.dy[0]!, 0), (c) => A.where(c.inputs[0]!, 0, c.dy[0]!)],
    test: {
      tol: 1e-6,
      cases: [
        {
          inputs: [{ shape: [2, 3], bool: true }, { shape: [2, 3] }, { shape: [3] }],
          apply: (xs) => A.where(xs[0]!, xs[1]!, xs[2]!),
          reference: (xs) => xs[1]!.map((v, i) => (xs[0]![i] ? v : xs[2]![i % 3]!)),
        },
      ],
    },
  },
  Less: compare('Less', A.less, (a, b) => a < b),
  Greater: compare('Greater', A.greater, (a, b) => a > b),
  Equal: compare(
    'Equal',
    (a, b) => A.equal(a, b),
    (a, b) => a === b,
  ),
  Cast: {
    onnx: 'Cast',
    arity: [1, 1],
    infer: (xs, attrs) => [
      { dtype: (attrs._to?.value as Value['dtype'] | undefined) ?? 'float32', shape: xs[0]!.shape },
    ],
    grad: [null],
    test: {
      tol: 0,
      cases: [
        {
          inputs: [{ shape: [4], int: 5 }],
          apply: (xs) => A.cast(xs[0]!, 'float64'),
          reference: (xs) => xs[0]!,
        },
      ],
    },
  },
} satisfies Partial<Record<OpName, OpDef>>;
