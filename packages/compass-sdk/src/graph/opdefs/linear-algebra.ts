/** MatMul and the reductions, with their gradient rules. */
import * as A from '../api/arith.js';
import { reduceMax, reduceMean, reduceMin, reduceSum } from '../api/reduce.js';
import { expandLike, onesLike, unsqueeze } from '../api/shape.js';
import { GraphError } from '../errors.js';
import { broadcastShapes, floatDType, intAttr, intsAttr, sameDType } from '../infer.js';
import type { GradContext, OpDef } from '../op-def.js';
import type { OpName } from '../op-name.js';
import { type Dim, type Value, formatShape } from '../value.js';
import { transposeLast } from '../api/shape.js';

function inferReduce(op: string): OpDef['infer'] {
  return (xs, attrs) => {
    const x = xs[0]!;
    const axes = intsAttr(attrs, '_axes');
    const keep = intAttr(attrs, 'keepdims', 1) === 1;
    for (const a of axes) {
      if (a < 0 || a >= x.shape.length)
        throw new GraphError('GRAPH_BAD_ATTRIBUTE', `${op}: axis ${a} out of range`);
    }
    const shape: Dim[] = [];
    x.shape.forEach((d, i) => {
      if (!axes.includes(i)) shape.push(d);
      else if (keep) shape.push(1);
    });
    return [{ dtype: floatDType(op, x), shape }];
  };
}

/** The output gradient with the reduced axes restored as 1s. */
function keptDy(c: GradContext, v: Value): Value {
  return intAttr(c.attrs, 'keepdims', 1) === 1 ? v : unsqueeze(v, intsAttr(c.attrs, '_axes'));
}

function extremeGrad(c: GradContext): Value {
  const x = c.inputs[0]!;
  const mask = A.cast(A.equal(x, keptDy(c, c.outputs[0]!)), x.dtype);
  const count = reduceSum(mask, intsAttr(c.attrs, '_axes'), true);
  return A.mul(A.div(mask, count), keptDy(c, c.dy[0]!));
}

function reduceOp(onnx: OpName, rule: (c: GradContext) => Value, apply: (x: Value) => Value): OpDef {
  return {
    onnx,
    arity: [2, 2],
    infer: inferReduce(onnx),
    grad: [rule, null],
    test: { tol: 1e-6, cases: [{ inputs: [{ shape: [2, 3, 4] }], apply: (xs) => apply(xs[0]!) }] },
  };
}

/** MatMul and reductions. */
export const LINEAR_ALGEBRA_OPS = {
  MatMul: {
    onnx: 'MatMul',
    arity: [2, 2],
    infer: ([a, b]) => {
      const [sa, sb] = [a!.shape, b!.shape];
      if (sa.length < 2 || sb.length < 2 || sa[sa.length - 1] !== sb[sb.length - 2]) {
        throw new GraphError(
          'GRAPH_SHAPE_MISMATCH',
          `MatMul: cannot multiply ${formatShape(sa)} by ${formatShape(sb)}`,
        );
      }
      const batch = broadcastShapes('MatMul', [sa.slice(0, -2), sb.slice(0, -2)]);
      return [
        { dtype: sameDType('MatMul', [a!, b!]), shape: [...batch, sa[sa.length - 2]!, sb[sb.length - 1]!] },
      ];
    },
    grad: [
      (c) => A.matmul(c.dy[0]!, transposeLast(c.inputs[1]!)),
      (c) => A.matmul(transposeLast(c.inputs[0]!), c.dy[0]!),
    ],
    test: {
      tol: 1e-6,
      cases: [
        { inputs: [{ shape: [2, 3] }, { shape: [3, 4] }], apply: (xs) => A.matmul(xs[0]!, xs[1]!) },
        { inputs: [{ shape: [2, 2, 3] }, { shape: [3, 2] }], apply: (xs) => A.matmul(xs[0]!, xs[1]!) },
      ],
    },
  },
  ReduceSum: reduceOp(
    'ReduceSum',
    (c) => expandLike(keptDy(c, c.dy[0]!), c.inputs[0]!),
    (x) => reduceSum(x, [1]),
  ),
  ReduceMean: reduceOp(
    'ReduceMean',
    (c) => {
      const x = c.inputs[0]!;
      const axes = intsAttr(c.attrs, '_axes');
      const dims = axes.map((a) => x.shape[a]!);
      // Literal dims divide by a constant; symbolic ones count elements at run time.
      const n = dims.every((d) => typeof d === 'number')
        ? (dims as number[]).reduce((p, d) => p * d, 1)
        : reduceSum(onesLike(x), axes, true);
      return A.div(expandLike(keptDy(c, c.dy[0]!), x), n);
    },
    (x) => reduceMean(x, [0, 2], true),
  ),
  ReduceMax: reduceOp('ReduceMax', extremeGrad, (x) => reduceMax(x, [2])),
  ReduceMin: reduceOp('ReduceMin', extremeGrad, (x) => reduceMin(x, [1], true)),
} satisfies Partial<Record<OpName, OpDef>>;
