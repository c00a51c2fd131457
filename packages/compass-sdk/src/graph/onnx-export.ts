/** Encodes a built graph as an ONNX ModelProto (IR 8, opset 18): the subset of onnx.proto the builder uses. */
import type { Graph, GraphNode } from './graph.js';
import type { Attr, ConstTensor } from './op-def.js';
import { OPS } from './registry.js';
import type { DType, Value } from './value.js';
import { ProtoWriter } from '../onnx/protobuf.js';

/** ONNX IR version written (opset 18 needs IR 8). */
export const IR_VERSION = 8;
/** Default-domain opset written. */
export const OPSET = 18;

/** ONNX TensorProto.DataType codes. */
export const ONNX_DTYPE: Readonly<Record<DType, number>> = { float32: 1, int64: 7, bool: 9, float64: 11 };

/**
 * Serialises `graph` as ONNX bytes. Nodes and constants that no output depends on are left out; each graph
 * output is an Identity of its value, so outputs can be named freely.
 */
export function encodeModel(graph: Graph, name = 'compass'): Uint8Array {
  const live = liveNodes(graph);
  const used = new Set<Value>(graph.outputs.map((o) => o.value));
  for (const n of live) for (const v of n.inputs) used.add(v);
  const w = new ProtoWriter();
  w.varint(1, IR_VERSION).string(2, '@compass/sdk').string(3, '0.1.0');
  w.message(7, (gw) => {
    for (const n of live)
      gw.message(1, (nw) =>
        writeNode(
          nw,
          n.op,
          OPS[n.op].onnx,
          // Side inputs (read only by gradient rules) are not part of the ONNX node.
          n.inputs.slice(0, OPS[n.op].emitted ?? n.inputs.length),
          n.outputs.map((o) => o.name),
          n.attrs,
        ),
      );
    for (const o of graph.outputs) {
      gw.message(1, (nw) => writeNode(nw, `out_${o.name}`, 'Identity', [o.value], [o.name], {}));
    }
    gw.string(2, name);
    for (const [v, t] of graph.constants) if (used.has(v)) gw.message(5, (tw) => writeTensor(tw, t, v.name));
    for (const v of graph.inputs) gw.message(11, (vw) => writeValueInfo(vw, v.name, v));
    for (const o of graph.outputs) gw.message(12, (vw) => writeValueInfo(vw, o.name, o.value));
  });
  w.message(8, (ow) => ow.string(1, '').varint(2, OPSET));
  return w.finish();
}

function liveNodes(graph: Graph): GraphNode[] {
  const need = new Set<Value>(graph.outputs.map((o) => o.value));
  const keep: GraphNode[] = [];
  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const n = graph.nodes[i]!;
    if (!n.outputs.some((o) => need.has(o))) continue;
    keep.push(n);
    for (const v of n.inputs) need.add(v);
  }
  return keep.reverse();
}

function writeNode(
  w: ProtoWriter,
  name: string,
  opType: string,
  inputs: readonly Value[],
  outputs: readonly string[],
  attrs: Readonly<Record<string, Attr>>,
): void {
  for (const v of inputs) w.string(1, v.name);
  for (const o of outputs) w.string(2, o);
  w.string(3, `${name}_${outputs[0]}`);
  w.string(4, opType);
  for (const [k, a] of Object.entries(attrs)) {
    // Names starting with '_' are build-time facts (static shapes, axes) and never emitted.
    if (k.startsWith('_')) continue;
    w.message(5, (aw) => writeAttr(aw, k, a));
  }
}

function writeAttr(w: ProtoWriter, name: string, a: Attr): void {
  w.string(1, name);
  switch (a.kind) {
    case 'float':
      w.float(2, a.value).varint(20, 1);
      break;
    case 'int':
      w.varint(3, a.value).varint(20, 2);
      break;
    case 'string':
      w.bytes(4, new TextEncoder().encode(a.value)).varint(20, 3);
      break;
    case 'tensor':
      w.message(5, (tw) => writeTensor(tw, a.value, '')).varint(20, 4);
      break;
    case 'ints':
      for (const v of a.value) w.varint(8, v);
      w.varint(20, 7);
      break;
    case 'dims':
      throw new TypeError(`attribute ${name}: build-time dims must be named with a leading underscore`);
  }
}

function writeTensor(w: ProtoWriter, t: ConstTensor, name: string): void {
  for (const d of t.shape) w.varint(1, d);
  w.varint(2, ONNX_DTYPE[t.dtype]);
  if (name) w.string(8, name);
  w.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
}

function writeValueInfo(w: ProtoWriter, name: string, v: Value): void {
  w.string(1, name);
  w.message(2, (tw) =>
    tw.message(1, (tt) => {
      tt.varint(1, ONNX_DTYPE[v.dtype]);
      tt.message(2, (sw) => {
        for (const d of v.shape)
          sw.message(1, (dw) => (typeof d === 'number' ? dw.varint(1, d) : dw.string(2, d)));
      });
    }),
  );
}
