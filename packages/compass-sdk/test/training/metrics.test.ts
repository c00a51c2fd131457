import { describe, expect, it } from 'vitest';
import { averageRanks, regressionMetrics } from '../../src/training/metrics.js';

describe('regressionMetrics', () => {
  it('matches hand-computed values', () => {
    // pred - target = [0, 0, -1]: se = 1, ae = 1.
    const m = regressionMetrics([1, 2, 3], [1, 2, 4]);
    expect(m.n).toBe(3);
    expect(m.rmse).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(m.mae).toBeCloseTo(1 / 3, 12);
    // Pearson: centred pred [-1,0,1], centred target [-4/3,-1/3,5/3]; cov 3, |p| sqrt 2, |t| sqrt(42/9).
    expect(m.pearson).toBeCloseTo(3 / (Math.sqrt(2) * Math.sqrt(42 / 9)), 12);
    expect(m.spearman).toBeCloseTo(1, 12);
    expect(m.kendall).toBeCloseTo(1, 12);
  });

  it('gives ties their average rank (Spearman) and corrects Kendall tau-b for ties', () => {
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    const pred = [1, 2, 2, 3];
    const target = [1, 3, 2, 4];
    const m = regressionMetrics(pred, target);
    // Ranks pred [1,2.5,2.5,4], target [1,3,2,4]: centred [-1.5,0,0,1.5] and [-1.5,0.5,-0.5,1.5];
    // cov 4.5, |a|^2 4.5, |b|^2 5 -> 4.5 / sqrt(22.5).
    expect(m.spearman).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
    // 6 pairs: 5 concordant, 0 discordant, 1 tied in pred only -> 5 / sqrt(5 * 6).
    expect(m.kendall).toBeCloseTo(5 / Math.sqrt(30), 12);
    // A reversed order is -1 everywhere.
    const r = regressionMetrics([3, 2, 1], [1, 2, 3]);
    expect([r.pearson, r.spearman, r.kendall]).toEqual([-1, -1, -1]);
  });

  it('is NaN where a correlation is undefined, and rejects length mismatches', () => {
    const c = regressionMetrics([5, 5, 5], [1, 2, 3]);
    expect(c.rmse).toBeCloseTo(Math.sqrt((16 + 9 + 4) / 3), 12);
    expect(c.pearson).toBeNaN();
    expect(c.spearman).toBeNaN();
    expect(c.kendall).toBeNaN();
    expect(regressionMetrics([], []).rmse).toBeNaN();
    expect(() => regressionMetrics([1, 2], [1])).toThrow(RangeError);
  });
});
