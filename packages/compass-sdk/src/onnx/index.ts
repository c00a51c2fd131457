/** ONNX protobuf writer (the wire format below the graph builder; the graph's ONNX export is graph/onnx-export.ts). */
export { ProtoWriter } from './protobuf.js';
