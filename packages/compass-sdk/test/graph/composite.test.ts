/** Float64 gradient checks of composite blocks: a message-passing block in both aggregation layouts. */
import { describe, expect, it } from 'vitest';
import * as G from '../../src/graph/index.js';
import { hostTensor } from '../../src/runtime/host-tensor.js';
import { gradCheck, randomInput, rng } from './gradcheck.js';

const N = 5;
const F = 3;
const K = 4;
const RBF = 4;
const CUTOFF = 5;

/** ExpNormal radial basis with cosine cutoff, as in ViSNet. */
function expNormal(d: G.Value): G.Value {
  const g = d.graph;
  const mu = G.tensor(
    g,
    d.dtype,
    [RBF],
    Array.from({ length: RBF }, (_, i) => Math.exp(-CUTOFF) + ((1 - Math.exp(-CUTOFF)) * i) / (RBF - 1)),
  );
  const beta = ((2 / RBF) * (1 - Math.exp(-CUTOFF))) ** -2;
  const e = G.sub(G.exp(G.mul(d, -5 / CUTOFF)), mu);
  const cutoff = G.mul(G.add(G.cos(G.mul(d, Math.PI / CUTOFF)), 1), 0.5);
  return G.mul(G.exp(G.mul(G.mul(e, e), -beta)), cutoff);
}

/** Edge vectors -> distance [E, 1] with an epsilon under the root. */
function distance(ps: G.Value, pd: G.Value): G.Value {
  const v = G.sub(ps, pd);
  return G.sqrt(G.add(G.reduceSum(G.mul(v, v), [-1], true), 1e-9));
}

describe('composite gradient checks (float64, optimisation level all)', () => {
  it('edge layout: gather by source, ExpNormal RBF, edge MLP with SiLU, segment sum, LayerNorm, readout', async () => {
    const rand = rng(3);
    const src = [0, 1, 2, 3, 4, 1, 2, 0];
    const dst = [1, 0, 3, 2, 0, 4, 1, 3];
    const inputs = [
      { name: 'x', tensor: randomInput({ shape: [N, F] }, rand), shape: ['N', F] },
      { name: 'pos', tensor: randomInput({ shape: [N, 3], range: [-1.5, 1.5] }, rand), shape: ['N', 3] },
      { name: 'w1', tensor: randomInput({ shape: [F + RBF, F] }, rand) },
      { name: 'b1', tensor: randomInput({ shape: [F] }, rand) },
      { name: 'gamma', tensor: randomInput({ shape: [F] }, rand) },
      { name: 'beta', tensor: randomInput({ shape: [F] }, rand) },
      { name: 'src', tensor: hostTensor('int64', [src.length], src), shape: ['E'] },
      { name: 'dst', tensor: hostTensor('int64', [dst.length], dst), shape: ['E'] },
      { name: 'batch', tensor: hostTensor('int64', [N], [0, 0, 1, 1, 1]), shape: ['N'] },
      { name: 'graphs', tensor: hostTensor('float64', [2], [0, 0]), shape: ['B'] },
    ];
    const r = await gradCheck(inputs, ([x, pos, w1, b1, gamma, beta, s, d, batch, graphs]) => {
      const rbf = expNormal(distance(G.gather(pos!, s!), G.gather(pos!, d!)));
      const m = G.silu(G.linear(G.concat([G.gather(x!, s!), rbf], 1), w1!, b1!));
      const h = G.layerNorm(G.add(x!, G.segmentSum(m, d!, x!)), gamma!, beta!);
      return G.segmentSum(G.reduceSum(h, [1]), batch!, graphs!);
    });
    expect(r.checked).toBe(N * F + N * 3 + (F + RBF) * F + 3 * F + 2);
    expect(r.maxError).toBeLessThan(1e-6);
  });

  it('padded neighbour layout: gather [N, K] neighbours, masked sum over slots, LayerNorm', async () => {
    const rand = rng(4);
    const nbr = Array.from({ length: N * K }, (_, i) => (Math.floor(i / K) + 1 + (i % K)) % N);
    const mask = Array.from({ length: N * K }, (_, i) => (i % K < 2 + (Math.floor(i / K) % 2) ? 1 : 0));
    const inputs = [
      { name: 'x', tensor: randomInput({ shape: [N, F] }, rand), shape: ['N', F] },
      { name: 'w', tensor: randomInput({ shape: [F, F] }, rand) },
      { name: 'gamma', tensor: randomInput({ shape: [F] }, rand) },
      { name: 'beta', tensor: randomInput({ shape: [F] }, rand) },
      { name: 'nbr', tensor: hostTensor('int64', [N, K], nbr), shape: ['N', K] },
      { name: 'mask', tensor: hostTensor('float64', [N, K], mask), shape: ['N', K] },
    ];
    const r = await gradCheck(inputs, ([x, w, gamma, beta, nb, mk]) => {
      const msg = G.silu(G.matmul(G.gatherNeighbours(x!, nb!), w!));
      return G.layerNorm(G.add(x!, G.paddedSum(msg, mk!)), gamma!, beta!);
    });
    expect(r.maxError).toBeLessThan(1e-6);
  });
});
