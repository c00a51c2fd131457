/** ONNX protobuf writer for the subset of ONNX the graph builder emits. */
export { encodeModel, IR_VERSION, OPSET, ONNX_DTYPE } from './model-writer.js';
export { ProtoWriter } from './protobuf.js';
