/** Typed graph values: element type, static shape with symbolic dims, and the node that produced them. */
import type { Graph } from './graph.js';

/** Element types the builder supports. `float32` trains; `float64` checks gradients. */
export type DType = 'float32' | 'float64' | 'int64' | 'bool';

/** A dimension: a literal size, or a symbolic name such as `'N'` or `'E'` fixed at run time. */
export type Dim = number | string;

/** A static shape; symbolic dims never broadcast (only literal 1s do). */
export type Shape = readonly Dim[];

/** One tensor-valued edge of a graph. Create values through a {@link Graph} and the op functions. */
export interface Value {
  readonly graph: Graph;
  /** Unique within the graph; also the ONNX value name unless `name` was given. */
  readonly name: string;
  readonly dtype: DType;
  readonly shape: Shape;
}

/** True when `dtype` is a floating-point type. */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** Formats a shape for error messages: `[N, 64]`. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** True when both dims are the same literal size or the same symbol. */
export function sameDim(a: Dim, b: Dim): boolean {
  return a === b;
}

/** Product of the literal dims, or undefined when any dim is symbolic. */
export function staticSize(shape: Shape): number | undefined {
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number') return undefined;
    n *= d;
  }
  return n;
}

/** The flattened size of `shape`: a number when every dim is literal, else the symbolic product `'N*K'`. */
export function flatDim(shape: Shape): Dim {
  return staticSize(shape) ?? shape.join('*');
}
