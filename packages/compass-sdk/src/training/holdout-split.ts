/** A seeded hold-out of a training set's rows for validation, shared by the RF-Score and GIGN fine-tuning runs. */
import { shuffled } from './shuffle.js';

/** Row indices of the two parts, each ascending. */
export interface HoldOut {
  readonly train: readonly number[];
  readonly validation: readonly number[];
}

/**
 * Hold out `round(n * fraction)` of `n` rows (seeded) when that leaves at least 2 rows on each side; otherwise
 * `undefined` (too few rows to score anything on).
 *
 * @example
 * const h = holdOutRows(40, 0.2, 1); // 32 train rows, 8 validation rows, the same for seed 1 everywhere
 */
export function holdOutRows(n: number, fraction: number, seed: number): HoldOut | undefined {
  if (!(fraction > 0 && fraction < 1)) return undefined;
  const k = Math.round(n * fraction);
  if (k < 2 || n - k < 2) return undefined;
  const order = shuffled(n, seed);
  const asc = (a: number, b: number) => a - b;
  return { validation: order.slice(0, k).sort(asc), train: order.slice(k).sort(asc) };
}
