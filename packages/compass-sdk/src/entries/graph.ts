/**
 * `@compass/sdk/graph`: the ONNX graph builder (ops with shape inference and gradients, reverse-mode autodiff,
 * inference / eval / train-step programs), the ONNX writer and parameter files.
 *
 * @example
 * import { Graph, matMul, relu, encodeModel } from '@compass/sdk/graph';
 */
export * from '../graph/index.js';
export * from '../onnx/index.js';
export * from '../params/index.js';
