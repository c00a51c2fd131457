/** Element-wise arithmetic, activations, comparisons and matrix products. */
import { attr } from '../infer.js';
import { type DType, type Value } from '../value.js';
import { lift } from './const.js';

function one(x: Value, op: Parameters<Value['graph']['apply']>[0]): Value {
  return x.graph.apply(op, [x])[0]!;
}
function two(a: Value | number, b: Value | number, op: Parameters<Value['graph']['apply']>[0]): Value {
  const [x, y] = typeof a === 'number' ? [lift(a, b as Value), b as Value] : [a, lift(b, a)];
  return x.graph.apply(op, [x, y])[0]!;
}

/** a + b with broadcasting (a number becomes a scalar of the other operand's dtype). */
export const add = (a: Value | number, b: Value | number): Value => two(a, b, 'Add');
/** a - b. */
export const sub = (a: Value | number, b: Value | number): Value => two(a, b, 'Sub');
/** a * b. */
export const mul = (a: Value | number, b: Value | number): Value => two(a, b, 'Mul');
/** a / b. */
export const div = (a: Value | number, b: Value | number): Value => two(a, b, 'Div');
/** a ** b. */
export const pow = (a: Value | number, b: Value | number): Value => two(a, b, 'Pow');
/** a < b (bool). */
export const less = (a: Value | number, b: Value | number): Value => two(a, b, 'Less');
/** a > b (bool). */
export const greater = (a: Value | number, b: Value | number): Value => two(a, b, 'Greater');
/** a == b (bool). */
export const equal = (a: Value | number, b: Value | number): Value => two(a, b, 'Equal');
/** -x. */
export const neg = (x: Value): Value => one(x, 'Neg');
/** e^x. */
export const exp = (x: Value): Value => one(x, 'Exp');
/** Natural logarithm. */
export const log = (x: Value): Value => one(x, 'Log');
/** Square root (its gradient is infinite at 0: add an epsilon under the root). */
export const sqrt = (x: Value): Value => one(x, 'Sqrt');
/** sin x. */
export const sin = (x: Value): Value => one(x, 'Sin');
/** cos x. */
export const cos = (x: Value): Value => one(x, 'Cos');
/** tanh x. */
export const tanh = (x: Value): Value => one(x, 'Tanh');
/** 1 / (1 + e^-x). */
export const sigmoid = (x: Value): Value => one(x, 'Sigmoid');
/** log(1 + e^x). */
export const softplus = (x: Value): Value => one(x, 'Softplus');
/** |x| (gradient sign(x), 0 at 0). */
export const abs = (x: Value): Value => one(x, 'Abs');
/** max(x, 0). */
export const relu = (x: Value): Value => one(x, 'Relu');
/** x, as a new value (also renames graph outputs). */
export const identity = (x: Value): Value => one(x, 'Identity');
/** x * sigmoid(x) (SiLU / swish). */
export const silu = (x: Value): Value => mul(x, sigmoid(x));

/** Clamps x into [lo, hi]; the gradient is zero outside. */
export function clip(x: Value, lo: number, hi: number): Value {
  return x.graph.apply('Clip', [x, lift(lo, x), lift(hi, x)])[0]!;
}

/** Element-wise choice: `cond ? a : b` with broadcasting. */
export function where(cond: Value, a: Value | number, b: Value | number): Value {
  const like = typeof a === 'number' ? (b as Value) : a;
  return cond.graph.apply('Where', [cond, lift(a, like), lift(b, like)])[0]!;
}

/** Converts the element type (no gradient flows through a cast). */
export function cast(x: Value, to: DType): Value {
  const code = { float32: 1, float64: 11, int64: 7, bool: 9 }[to];
  return x.graph.apply('Cast', [x], { to: attr.int(code), _to: attr.string(to) })[0]!;
}

/** Matrix product with numpy semantics on the leading (batch) dims; both operands rank >= 2. */
export function matmul(a: Value, b: Value): Value {
  return a.graph.apply('MatMul', [a, b])[0]!;
}
