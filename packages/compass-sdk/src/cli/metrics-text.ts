/** How the training commands print numbers and one split's regression metrics. */
import type { RegressionMetrics } from '../training/metrics.js';

/** `v` to `d` decimals, `-` when missing or not finite. */
export const fmt = (v: number | undefined, d = 3): string =>
  v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(d);

/** One line: split name, n, RMSE, MAE, Pearson, Spearman, Kendall. */
export function metricsLine(split: string, m: RegressionMetrics): string {
  return `${split.padEnd(10)} n ${m.n}  RMSE ${fmt(m.rmse)}  MAE ${fmt(m.mae)}  Pearson ${fmt(m.pearson)}  Spearman ${fmt(m.spearman)}  Kendall ${fmt(m.kendall)}`;
}
