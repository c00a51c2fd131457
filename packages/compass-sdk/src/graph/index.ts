/** Graph builder, op functions, autodiff, optimisers and program builders. */
export { Graph, type GraphNode } from './graph.js';
export { GraphError, isGraphError, type GraphErrorCode } from './errors.js';
export type { DType, Dim, Shape, Value } from './value.js';
export type {
  Attr,
  Attrs,
  ConstTensor,
  GradContext,
  GradRule,
  OpDef,
  OpTestCase,
  OpTestInput,
  OutType,
} from './op-def.js';
export type { OpName } from './op-name.js';
export { OPS } from './registry.js';
export { gradients } from './autodiff.js';
export * from './api/arith.js';
export * from './api/const.js';
export * from './api/reduce.js';
export * from './api/shape.js';
export * from './api/indexing.js';
export * from './api/nn.js';
export * from './optimisers.js';
export type { ModelDef, ParamInit, ParamSpec, TensorSpec, Values } from './model-def.js';
export * from './programs.js';
export { encodeModel, IR_VERSION, OPSET, ONNX_DTYPE } from './onnx-export.js';
export {
  EDGE_BUCKET_WIDTHS,
  edgeBuckets,
  reverseNeighbourIndex,
  type EdgeBucket,
} from './padded-layout.js';
