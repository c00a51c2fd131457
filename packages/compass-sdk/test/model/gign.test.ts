/** GIGN ModelDef: full-model gradient check, batching and atom-order invariance, the ensemble's mean and spread. */
import { describe, expect, it } from 'vitest';
import { buildInferenceProgram, paramInput } from '../../src/graph/programs.js';
import {
  createGignModelDef,
  frozenInput,
  gignBatchFeeds,
  gignMemberParamSpecs,
  type GignGraphInput,
  type GignHyperParams,
} from '../../src/model/gign/index.js';
import { initParams, seededRandom } from '../../src/params/init.js';
import type { TensorMap } from '../../src/runtime/host-tensor.js';
import { createLocalSession } from '../../src/runtime/session.js';
import { paramGradCheck } from './param-gradcheck.js';

const TINY: GignHyperParams = {
  nodeDim: 5,
  hidden: 6,
  layers: 3,
  fcBlocks: 2,
  rbf: 5,
  rbfMax: 6,
  members: 1,
};

/** A small complex: `nl` ligand atoms then pocket atoms, a bond chain in each part, ligand-pocket pairs < 5 A. */
function syntheticGraph(nl: number, np: number, seed: number): GignGraphInput {
  const rand = seededRandom(seed);
  const n = nl + np;
  const x = new Float32Array(n * TINY.nodeDim);
  for (let i = 0; i < n; i++) x[i * TINY.nodeDim + Math.floor(rand() * TINY.nodeDim)] = 1;
  const pos = Float32Array.from({ length: n * 3 }, () => Math.round(rand() * 256) / 64);
  const intra: [number, number][] = [];
  for (let i = 1; i < n; i++) if (i !== nl) intra.push([i - 1, i], [i, i - 1]);
  const inter: [number, number][] = [];
  for (let i = 0; i < nl; i++)
    for (let j = nl; j < n; j++) {
      const d = Math.hypot(
        pos[3 * i]! - pos[3 * j]!,
        pos[3 * i + 1]! - pos[3 * j + 1]!,
        pos[3 * i + 2]! - pos[3 * j + 2]!,
      );
      if (d < 5) inter.push([i, j], [j, i]);
    }
  const split = (e: [number, number][]) => ({
    src: Int32Array.from(e, (p) => p[0]),
    dst: Int32Array.from(e, (p) => p[1]),
  });
  return { numLigandAtoms: nl, numPocketAtoms: np, x, pos, intra: split(intra), inter: split(inter) };
}

/** The same complex with its atoms listed in another order (ligand and pocket blocks each permuted). */
function permuted(g: GignGraphInput, seed: number): GignGraphInput {
  const n = g.numLigandAtoms + g.numPocketAtoms;
  const rand = seededRandom(seed);
  const order = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const where = new Int32Array(n);
  order.forEach((old, k) => (where[old] = k));
  const F = g.x.length / n;
  const x = new Float32Array(g.x.length);
  const pos = new Float32Array(g.pos.length);
  order.forEach((old, k) => {
    x.set(g.x.subarray(old * F, old * F + F), k * F);
    pos.set(g.pos.subarray(old * 3, old * 3 + 3), k * 3);
  });
  const map = (e: GignGraphInput['intra']) => ({
    src: e.src.map((v) => where[v]!),
    dst: e.dst.map((v) => where[v]!),
  });
  return { ...g, x, pos, intra: map(g.intra), inter: map(g.inter) };
}

async function predict(hp: GignHyperParams, params: TensorMap, graphs: GignGraphInput[]): Promise<TensorMap> {
  const session = await createLocalSession(buildInferenceProgram(createGignModelDef(hp)).onnx);
  try {
    const feeds = Object.fromEntries(Object.entries(params).map(([k, t]) => [paramInput(k), t]));
    return await session.run({ ...feeds, ...gignBatchFeeds(graphs, hp) });
  } finally {
    await session.release();
  }
}

describe('createGignModelDef', () => {
  it('has gradients that agree with central finite differences (float64, whole model, 3 HIL layers)', async () => {
    const model = createGignModelDef(TINY);
    const a = syntheticGraph(3, 5, 1);
    const b = syntheticGraph(4, 4, 2);
    expect(a.inter.src.length).toBeGreaterThan(4);
    const feeds = gignBatchFeeds([a, b], TINY, { dtype: 'float64', targets: [6.5, 4.2] });
    const { worst, checked } = await paramGradCheck(model, feeds);
    expect(checked).toBeGreaterThan(2 * Object.keys(model.params).length - 4);
    expect(worst).toBeLessThan(1e-6);
  });

  it('gives each member a gradient through the ensemble mean', async () => {
    const hp = { ...TINY, layers: 1, members: 2 };
    const model = createGignModelDef(hp);
    expect(Object.keys(model.params).filter((k) => k.startsWith('m1.'))).toHaveLength(
      Object.keys(gignMemberParamSpecs(hp)).length,
    );
    const feeds = gignBatchFeeds([syntheticGraph(3, 4, 3)], hp, { dtype: 'float64', targets: [5] });
    const { worst } = await paramGradCheck(model, feeds, 3);
    expect(worst).toBeLessThan(1e-6);
  });

  it('predicts the same for a complex alone, in a batch, and with its atoms in another order', async () => {
    const params = initParams(createGignModelDef(TINY), { seed: 9 });
    const a = syntheticGraph(4, 6, 4);
    const b = syntheticGraph(2, 7, 5);
    const alone = (await predict(TINY, params, [a]))['pred.y']!.data as Float32Array;
    const both = (await predict(TINY, params, [b, a]))['pred.y']!.data as Float32Array;
    const shuffled = (await predict(TINY, params, [permuted(a, 6)]))['pred.y']!.data as Float32Array;
    expect(both[1]).toBeCloseTo(alone[0]!, 5);
    expect(shuffled[0]).toBeCloseTo(alone[0]!, 5);
    // and a different complex gives a different value (the test can fail)
    expect(Math.abs(both[0]! - alone[0]!)).toBeGreaterThan(1e-4);
  });

  it('reports the members, their mean and their sample standard deviation for an ensemble', async () => {
    const hp = { ...TINY, members: 3 };
    const single = createGignModelDef(TINY);
    const members = [11, 12, 13].map((seed) => initParams(single, { seed }));
    const params: TensorMap = {};
    members.forEach((p, m) => Object.entries(p).forEach(([k, t]) => (params[`m${m}.${k}`] = t)));
    const g = [syntheticGraph(3, 5, 7), syntheticGraph(5, 3, 8)];
    const out = await predict(hp, params, g);
    const each = await Promise.all(
      members.map(async (p) => (await predict(TINY, p, g))['pred.y']!.data as Float32Array),
    );
    const y = out['pred.y']!.data as Float32Array;
    const std = out['pred.std']!.data as Float32Array;
    const m = out['pred.members']!.data as Float32Array;
    for (let b = 0; b < 2; b++) {
      const ks = each.map((e) => e[b]!);
      ks.forEach((k, r) => expect(m[b * 3 + r]).toBeCloseTo(k, 5));
      const mean = ks.reduce((s, v) => s + v, 0) / 3;
      const sd = Math.sqrt(ks.reduce((s, v) => s + (v - mean) ** 2, 0) / 2);
      expect(y[b]).toBeCloseTo(mean, 5);
      expect(std[b]).toBeCloseTo(sd, 5);
    }
  });
});

describe('frozen parameters', () => {
  it('trains only what is not frozen and computes the same forward pass from the frozen inputs', async () => {
    const full = createGignModelDef(TINY);
    const frozen = Object.keys(full.params).filter((k) => !k.startsWith('fc.'));
    const head = createGignModelDef(TINY, { frozen });
    expect(Object.keys(head.params).every((k) => k.startsWith('fc.'))).toBe(true);
    expect(Object.keys(head.params).length).toBe(Object.keys(full.params).length - frozen.length);
    const params = initParams(full, { seed: 3 });
    const g = [syntheticGraph(3, 5, 9)];
    const reference = (await predict(TINY, params, g))['pred.y']!.data as Float32Array;
    const session = await createLocalSession(buildInferenceProgram(head).onnx);
    const trained = Object.fromEntries(Object.keys(head.params).map((k) => [paramInput(k), params[k]!]));
    const fixed = Object.fromEntries(frozen.map((k) => [frozenInput(k), params[k]!]));
    const out = await session.run({ ...trained, ...fixed, ...gignBatchFeeds(g, TINY) });
    await session.release();
    expect((out['pred.y']!.data as Float32Array)[0]).toBe(reference[0]);
    // the head alone still passes the gradient check
    const feeds = gignBatchFeeds(g, TINY, { dtype: 'float64', targets: [5] });
    for (const k of frozen) {
      const t = params[k]!;
      feeds[frozenInput(k)] = {
        dtype: 'float64',
        dims: t.dims,
        data: Float64Array.from(t.data as Float32Array),
      };
    }
    expect((await paramGradCheck(head, feeds)).worst).toBeLessThan(1e-6);
    expect(() => createGignModelDef(TINY, { frozen: ['nope.weight'] })).toThrow(
      /nope\.weight is not a GIGN parameter/,
    );
  });
});

describe('gignBatchFeeds', () => {
  it('refuses edges outside the graph, wrong feature widths and target counts, naming the graph', () => {
    const g = syntheticGraph(2, 2, 1);
    const badEdge = { ...g, intra: { src: Int32Array.of(0), dst: Int32Array.of(4) } };
    expect(() => gignBatchFeeds([g, badEdge], TINY)).toThrow(
      /graph 1: intra edge 0 \(0 -> 4\) is outside 0..3/,
    );
    expect(() => gignBatchFeeds([g], { nodeDim: 7 })).toThrow(/graph 0: x has 20 values/);
    expect(() => gignBatchFeeds([g], TINY, { targets: [1, 2] })).toThrow(/2 targets for 1 graphs/);
    expect(() => gignBatchFeeds([], TINY)).toThrow(/empty batch/);
    expect(() => gignBatchFeeds([{ ...g, numLigandAtoms: 0, numPocketAtoms: 4 }], TINY)).toThrow(
      /no ligand atoms/,
    );
  });

  it('offsets atom and edge indices per graph as PyG batching does', () => {
    const a = syntheticGraph(2, 3, 1);
    const b = syntheticGraph(2, 2, 2);
    const f = gignBatchFeeds([a, b], TINY);
    // readout: graph 0's five atoms, then graph 1's four and one padding slot
    expect(f.readout_slots!.dims).toEqual([2, 5]);
    expect(Array.from(f.readout_slots!.data as BigInt64Array, Number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 0]);
    expect(Array.from(f.readout_mask!.data as Float32Array)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(Array.from(f.readout_pos!.data as BigInt64Array, Number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const src = Array.from(f.intra_src!.data as BigInt64Array, Number);
    expect(src.slice(a.intra.src.length)).toEqual(Array.from(b.intra.src, (v) => v + 5));
  });
});
