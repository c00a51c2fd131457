/** The shape of one op definition: arity, shape inference, ONNX emission, gradient rules and test case. */
import type { DType, Shape, Value } from './value.js';

/** An ONNX attribute value, tagged with its protobuf kind. */
export type Attr =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'tensor'; readonly value: ConstTensor }
  /** Build-time only (never emitted): a static result shape the ONNX node computes from a runtime input. */
  | { readonly kind: 'dims'; readonly value: readonly (number | string)[] };

/** Attributes of one node, by ONNX attribute name. */
export type Attrs = Readonly<Record<string, Attr>>;

/** A constant tensor: initialisers and tensor attributes. */
export interface ConstTensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array | BigInt64Array | Uint8Array;
}

/** Inferred type of one output. */
export interface OutType {
  readonly dtype: DType;
  readonly shape: Shape;
}

/** What a gradient rule sees: the node's inputs, outputs, attributes and the gradient of each output. */
export interface GradContext {
  readonly inputs: readonly Value[];
  readonly outputs: readonly Value[];
  readonly attrs: Attrs;
  /** Gradient of the loss with respect to each output (zeros where an output was unused). */
  readonly dy: readonly Value[];
}

/**
 * Gradient of the loss with respect to input `index`, with the shape of the broadcast result (or of the
 * input itself); the graph walker sums broadcast axes away.
 */
export type GradRule = (ctx: GradContext, index: number) => Value;

/** One generated test case: input kinds and how to apply the op to them. */
export interface OpTestCase {
  /** Input shapes (literal) and value ranges; `int` inputs are drawn in [0, max). */
  readonly inputs: readonly OpTestInput[];
  /** Builds the op from the float64 (or int64) test inputs. */
  readonly apply: (xs: readonly Value[]) => Value;
  /** Element-wise JS reference of the forward result, when one is cheap to write. */
  readonly reference?: (xs: readonly Float64Array[]) => Float64Array;
}

/** One test input. */
export type OpTestInput =
  | { readonly shape: readonly number[]; readonly range?: readonly [number, number] }
  | {
      readonly shape: readonly number[];
      readonly fixed: readonly number[];
      readonly dtype: 'int64' | 'float64';
    }
  | { readonly shape: readonly number[]; readonly int: number }
  | { readonly shape: readonly number[]; readonly bool: true };

/** Everything about one op, in one place. */
export interface OpDef {
  /** ONNX op type emitted (default domain, opset 18). */
  readonly onnx: string;
  /** Minimum and maximum number of inputs. */
  readonly arity: readonly [number, number];
  /**
   * Inputs emitted to ONNX (default all). Later inputs are side inputs that only the gradient rules read,
   * such as the reverse neighbour index that turns a gather's gradient into another gather.
   */
  readonly emitted?: number;
  /** Number of outputs (default 1). */
  readonly outputs?: (attrs: Attrs) => number;
  /** Output types from input types and attributes; throws a GraphError on bad shapes. */
  readonly infer: (inputs: readonly Value[], attrs: Attrs) => readonly OutType[];
  /** One rule per input (the last repeats for variadic ops); null where not differentiable. */
  readonly grad: readonly (GradRule | null)[];
  /** Absolute+relative tolerance of the float64 finite-difference check, and the test cases. */
  readonly test: { readonly tol: number; readonly cases: readonly OpTestCase[] };
}
