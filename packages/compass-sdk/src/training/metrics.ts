/** Regression metrics of affinity predictions: RMSE, MAE, Pearson, Spearman (average ranks) and Kendall tau-b. */

/** Figures comparing predictions with targets (same unit as the inputs, pK). NaN where undefined (n < 2, constant). */
export interface RegressionMetrics {
  readonly n: number;
  readonly rmse: number;
  readonly mae: number;
  readonly pearson: number;
  readonly spearman: number;
  /** Kendall tau-b (tie-corrected). */
  readonly kendall: number;
}

function pearsonOf(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  if (n < 2) return Number.NaN;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0,
    saa = 0,
    sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma,
      db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa === 0 || sbb === 0 ? Number.NaN : sab / Math.sqrt(saa * sbb);
}

/** 1-based ranks with ties given their average rank (as scipy.stats.rankdata 'average'). */
export function averageRanks(xs: readonly number[]): number[] {
  const order = xs.map((v, i) => [v, i] as const).sort((p, q) => p[0] - q[0]);
  const ranks = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = r;
    i = j + 1;
  }
  return ranks;
}

// O(n^2) tau-b: fine for evaluation sets of a few thousand complexes.
function kendallOf(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  if (n < 2) return Number.NaN;
  let s = 0,
    tiesA = 0,
    tiesB = 0,
    pairs = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const da = Math.sign(a[i]! - a[j]!),
        db = Math.sign(b[i]! - b[j]!);
      pairs++;
      if (da === 0) tiesA++;
      if (db === 0) tiesB++;
      s += da * db;
    }
  const denom = Math.sqrt((pairs - tiesA) * (pairs - tiesB));
  return denom === 0 ? Number.NaN : s / denom;
}

/**
 * Metrics of `pred` against `target`.
 *
 * @example
 * regressionMetrics([1, 2, 3], [1, 2, 4]); // { n: 3, rmse: 0.577..., mae: 0.333..., pearson: 0.981..., spearman: 1, kendall: 1 }
 * @throws {RangeError} when the lengths differ.
 */
export function regressionMetrics(pred: readonly number[], target: readonly number[]): RegressionMetrics {
  if (pred.length !== target.length)
    throw new RangeError(`regressionMetrics: ${pred.length} predictions for ${target.length} targets`);
  const n = pred.length;
  let se = 0,
    ae = 0;
  for (let i = 0; i < n; i++) {
    const d = pred[i]! - target[i]!;
    se += d * d;
    ae += Math.abs(d);
  }
  return {
    n,
    rmse: n === 0 ? Number.NaN : Math.sqrt(se / n),
    mae: n === 0 ? Number.NaN : ae / n,
    pearson: pearsonOf(pred, target),
    spearman: pearsonOf(averageRanks(pred), averageRanks(target)),
    kendall: kendallOf(pred, target),
  };
}
