/** The protobuf writer, checked by decoding its output with onnx-proto. */
import { onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import * as G from '../../src/graph/index.js';
import { encodeModel } from '../../src/graph/index.js';
import { ProtoWriter } from '../../src/onnx/protobuf.js';

describe('ONNX writer', () => {
  it('round-trips a model through the onnx-proto decoder', () => {
    const g = new G.Graph();
    const x = g.input('x', 'float32', ['N', 2]);
    const idx = g.input('i', 'int64', ['E']);
    const w = G.tensor(g, 'float32', [2, 2], [1, 2, 3, 4]);
    const y = G.scatterElements(
      G.zerosLike(x),
      G.expandLike(G.unsqueeze(idx, [1]), G.gather(x, idx)),
      G.gather(G.matmul(x, w), idx),
      0,
      'add',
    );
    g.output('y', G.clip(y, -1.5, 2));
    const m = onnx.ModelProto.decode(encodeModel(g, 'rt'));
    expect(Number(m.irVersion)).toBe(8);
    expect(m.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 18]]);
    expect(m.producerName).toBe('@compass/sdk');
    const graph = m.graph!;
    expect(graph.name).toBe('rt');
    expect(graph.input!.map((v) => v.name)).toEqual(['x', 'i']);
    const dims = graph.input![0]!.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue));
    expect(dims).toEqual(['N', 2]);
    expect(graph.input![1]!.type!.tensorType!.elemType).toBe(7);
    expect(graph.output!.map((v) => v.name)).toEqual(['y']);
    expect(graph.node!.map((n) => n.opType)).toEqual([
      'Shape',
      'ConstantOfShape',
      'Unsqueeze',
      'Gather',
      'Shape',
      'Expand',
      'MatMul',
      'Gather',
      'ScatterElements',
      'Clip',
      'Identity',
    ]);
    const scatter = graph.node!.find((n) => n.opType === 'ScatterElements')!;
    expect(scatter.attribute!.map((a) => [a.name, a.type])).toEqual([
      ['axis', 2],
      ['reduction', 3],
    ]);
    expect(new TextDecoder().decode(scatter.attribute![1]!.s!)).toBe('add');
    const cos = graph.node!.find((n) => n.opType === 'ConstantOfShape')!;
    expect(cos.attribute![0]!.t!.dataType).toBe(1);
    const wInit = graph.initializer!.find((t) => Array.from(t.dims!, Number).join() === '2,2')!;
    expect(Array.from(new Float32Array(Uint8Array.from(wInit.rawData!).buffer))).toEqual([1, 2, 3, 4]);
    // No build-time attribute (leading underscore) reaches the file.
    expect(graph.node!.flatMap((n) => n.attribute!.map((a) => a.name)).some((a) => a!.startsWith('_'))).toBe(
      false,
    );
  });

  it('encodes negative int64 attributes in ten bytes and floats as fixed32', () => {
    const b = new ProtoWriter().varint(3, -1).finish();
    expect(Array.from(b)).toEqual([0x18, 255, 255, 255, 255, 255, 255, 255, 255, 255, 1]);
    const a = onnx.AttributeProto.decode(
      new ProtoWriter().string(1, 'f').float(2, 0.5).varint(20, 1).finish(),
    );
    expect([a.name, a.f, a.type]).toEqual(['f', 0.5, 1]);
    const t = onnx.AttributeProto.decode(new ProtoWriter().varint(8, -3).varint(8, 7).finish());
    expect(t.ints.map(Number)).toEqual([-3, 7]);
  });
});
