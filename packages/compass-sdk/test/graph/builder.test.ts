/** Builder behaviour: shape inference, the symbolic-broadcast rule, arity, dtype and gradient errors naming the op. */
import { describe, expect, it } from 'vitest';
import * as G from '../../src/graph/index.js';

describe('graph builder', () => {
  it('infers shapes through broadcasting, matmul, gather and reductions', () => {
    const g = new G.Graph();
    const x = g.input('x', 'float32', ['N', 4]);
    const w = g.input('w', 'float32', [4, 8]);
    const idx = g.input('src', 'int64', ['E']);
    expect(G.add(G.matmul(x, w), g.input('b', 'float32', [8])).shape).toEqual(['N', 8]);
    expect(G.gather(x, idx).shape).toEqual(['E', 4]);
    expect(G.reduceSum(x, [1], true).shape).toEqual(['N', 1]);
    expect(G.reduceMean(x, [0]).shape).toEqual([4]);
    expect(G.concat([x, x], 1).shape).toEqual(['N', 8]);
    expect(G.concat([x, x], 0).shape).toEqual(['N+N', 4]);
    expect(G.split(x, [1, 3], 1).map((v) => v.shape)).toEqual([
      ['N', 1],
      ['N', 3],
    ]);
    expect(G.transpose(x).shape).toEqual([4, 'N']);
    expect(G.unsqueeze(x, [1]).shape).toEqual(['N', 1, 4]);
    expect(G.reshape(x, ['N', 2, 2]).shape).toEqual(['N', 2, 2]);
  });

  it('rejects a symbolic dim broadcasting against a literal or another symbol', () => {
    const g = new G.Graph();
    const a = g.input('a', 'float32', ['N', 4]);
    const b = g.input('b', 'float32', [3, 4]);
    const c = g.input('c', 'float32', ['E', 4]);
    expect(() => G.add(a, b)).toThrow(
      expect.objectContaining({ code: 'GRAPH_SYMBOLIC_BROADCAST', message: expect.stringMatching(/^Add:/) }),
    );
    expect(() => G.mul(a, c)).toThrow(expect.objectContaining({ code: 'GRAPH_SYMBOLIC_BROADCAST' }));
    // A literal 1 may stretch to a symbol.
    expect(G.add(a, g.input('one', 'float32', [1, 4])).shape).toEqual(['N', 4]);
  });

  it('rejects literal shape mismatches, mixed dtypes and bad indices with errors naming the op', () => {
    const g = new G.Graph();
    const a = g.input('a', 'float32', [2, 3]);
    expect(() => G.add(a, g.input('b', 'float32', [4]))).toThrow(
      expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH' }),
    );
    expect(() => G.add(a, g.input('c', 'float64', [3]))).toThrow(/Add: mixed dtypes float32 and float64/);
    expect(() => G.matmul(a, a)).toThrow(/MatMul: cannot multiply \[2, 3\] by \[2, 3\]/);
    expect(() => G.gather(a, g.input('i', 'float32', [2]))).toThrow(/Gather: indices must be int64/);
    expect(() => G.split(a, [1, 1], 1)).toThrow(/Split: sizes \[1, 1\] do not add up to 3/);
  });

  it('checks arity and foreign values', () => {
    const g = new G.Graph();
    const a = g.input('a', 'float32', [2]);
    expect(() => g.apply('Add', [a])).toThrow(
      expect.objectContaining({ code: 'GRAPH_ARITY', message: 'Add takes 2..2 inputs, got 1' }),
    );
    const other = new G.Graph().input('z', 'float32', [2]);
    expect(() => G.add(a, other)).toThrow(expect.objectContaining({ code: 'GRAPH_FOREIGN_VALUE' }));
    expect(() => g.input('a', 'float32', [1])).toThrow(
      expect.objectContaining({ code: 'GRAPH_DUPLICATE_NAME' }),
    );
  });

  it('gradients: a path through a non-differentiable input throws naming the op; unrelated values get zeros', () => {
    const g = new G.Graph();
    const x = g.input('x', 'float32', [3, 2]);
    const idx = g.input('i', 'int64', [2, 1]);
    expect(() => G.gradients(G.sumAll(G.gatherND(x, idx)), [x])).toThrow(
      expect.objectContaining({
        code: 'GRAPH_NO_GRADIENT',
        message: expect.stringMatching(/^GatherND: input 0/),
      }),
    );
    const y = g.input('y', 'float32', [2]);
    const [gy] = G.gradients(G.sumAll(G.exp(x)), [y]);
    expect(gy!.shape).toEqual([2]);
    expect(() => G.gradients(G.exp(x), [x])).toThrow(/the loss must be a float scalar/);
  });

  it('every registered op has an ONNX type and one gradient entry per input position', () => {
    for (const [name, def] of Object.entries(G.OPS)) {
      expect(def.onnx).toBe(name === 'NeighbourGather' || name === 'SlotGather' ? 'Gather' : name);
      expect(def.grad.length).toBeGreaterThanOrEqual(1);
      expect(def.grad.length).toBeLessThanOrEqual(def.arity[1]);
    }
  });
});
