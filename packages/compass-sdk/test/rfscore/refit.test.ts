/** Refit with a user's rows: weighting them up moves the forest's predictions on that series towards them. */
import { describe, expect, it } from 'vitest';
import { joinWeighted, refitTreeEnsemble } from '../../src/rfscore/refit.js';
import { trainTreeEnsemble } from '../../src/rfscore/train-ensemble.js';
import { predictEnsemble } from '../../src/rfscore/tree-ensemble.js';
import { regressionMetrics } from '../../src/training/metrics.js';
import { syntheticSet } from './synthetic.js';

describe('refitTreeEnsemble', () => {
  const general = syntheticSet(500, 1);
  // A congeneric "series" the general rows get wrong: it sits apart in one feature (a count the general rows keep
  // under 20) and binds 2 pK more tightly than the general relation says.
  const series = syntheticSet(60, 2);
  for (let i = 0; i < 60; i++) series.features[i * 36 + 20] = 100 + (i % 7);
  const shifted = { ...series, targets: series.targets.map((v) => v + 2) };
  const own = {
    ...shifted,
    features: shifted.features.subarray(0, 30 * 36),
    targets: shifted.targets.subarray(0, 30),
  };
  const heldOut = { features: shifted.features.subarray(30 * 36), targets: shifted.targets.subarray(30) };

  it('joins rows with the user rows weighted', () => {
    const j = joinWeighted(general, own, 7);
    expect(j.targets.length).toBe(530);
    expect([j.weights![0], j.weights![499], j.weights![500], j.weights![529]]).toEqual([1, 1, 7, 7]);
    expect(j.features[500 * 36]).toBe(own.features[0]);
  });

  it('lowers the error on held-out members of the series against the base model', async () => {
    const opts = { kind: 'random-forest' as const, trees: 30, seed: 4 };
    const base = await trainTreeEnsemble(general, opts);
    const refit = await refitTreeEnsemble(general, own, { options: opts });
    const rmse = (m: typeof base.model) =>
      regressionMetrics(Array.from(predictEnsemble(m, heldOut.features).values), Array.from(heldOut.targets))
        .rmse;
    expect(rmse(refit.model)).toBeLessThan(rmse(base.model) - 0.5);
  });

  it('rejects mismatched features and a bad weight', () => {
    expect(() => joinWeighted(general, { ...own, featureCount: 35 }, 1)).toThrow(
      expect.objectContaining({ code: 'RFSCORE_BAD_INPUT' }),
    );
    expect(() => joinWeighted(general, own, -1)).toThrow(
      expect.objectContaining({ code: 'RFSCORE_BAD_OPTIONS' }),
    );
  });
});
