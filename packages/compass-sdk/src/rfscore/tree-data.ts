/** A training matrix prepared for tree growing: float32 columns, each value's rank, and the distinct values. */
import { RfScoreError } from './errors.js';

/** Rows of features and targets, row-major, as the trainers take them. */
export interface TreeTrainingSet {
  /** Row-major, `featureCount` values per row. */
  readonly features: ArrayLike<number>;
  readonly targets: ArrayLike<number>;
  readonly featureCount: number;
  /** Optional non-negative weight per row (default 1): a refit can weight a lab's own rows up. */
  readonly weights?: ArrayLike<number>;
}

/** The set in the form the split search reads. */
export interface PreparedColumns {
  readonly rows: number;
  readonly featureCount: number;
  /** Column-major float32 values (trees compare float32 inputs, as ONNX Runtime does). */
  readonly columns: readonly Float32Array[];
  /** Dense rank of each value within its column (0 = smallest). */
  readonly ranks: readonly Uint32Array[];
  /** Distinct values of each column, ascending. */
  readonly distinct: readonly Float32Array[];
  readonly targets: Float64Array;
  readonly weights: Float64Array;
}

/**
 * Check and column-wise prepare a training set.
 *
 * @throws {RfScoreError} RFSCORE_BAD_INPUT when lengths disagree, a value is not finite or a weight is negative.
 */
export function prepareColumns(set: TreeTrainingSet): PreparedColumns {
  const p = set.featureCount;
  const n = set.targets.length;
  if (!Number.isInteger(p) || p < 1 || set.features.length !== n * p)
    throw new RfScoreError(
      'RFSCORE_BAD_INPUT',
      `${set.features.length} feature values for ${n} rows of ${p} features`,
    );
  if (n < 2) throw new RfScoreError('RFSCORE_BAD_INPUT', `${n} training rows; at least 2 are needed`);
  if (set.weights !== undefined && set.weights.length !== n)
    throw new RfScoreError('RFSCORE_BAD_INPUT', `${set.weights.length} weights for ${n} rows`);
  const targets = Float64Array.from(set.targets);
  const weights = set.weights ? Float64Array.from(set.weights) : new Float64Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(targets[i]!))
      throw new RfScoreError('RFSCORE_BAD_INPUT', `row ${i + 1}: target is not finite`, {
        details: { row: i },
      });
    if (!(weights[i]! >= 0) || !Number.isFinite(weights[i]!))
      throw new RfScoreError('RFSCORE_BAD_INPUT', `row ${i + 1}: weight must be finite and >= 0`, {
        details: { row: i },
      });
  }
  const columns: Float32Array[] = [];
  const ranks: Uint32Array[] = [];
  const distinct: Float32Array[] = [];
  for (let f = 0; f < p; f++) {
    const col = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const v = set.features[i * p + f]!;
      if (!Number.isFinite(v))
        throw new RfScoreError('RFSCORE_BAD_INPUT', `row ${i + 1}, feature ${f}: not a finite number`, {
          details: { row: i, feature: f },
        });
      col[i] = v;
    }
    const sorted = col.slice().sort();
    let u = 0;
    for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[u++] = sorted[i]!;
    const values = sorted.slice(0, u);
    const rank = new Uint32Array(n);
    for (let i = 0; i < n; i++) rank[i] = lowerBound(values, col[i]!);
    columns.push(col);
    ranks.push(rank);
    distinct.push(values);
  }
  return { rows: n, featureCount: p, columns, ranks, distinct, targets, weights };
}

function lowerBound(a: Float32Array, v: number): number {
  let lo = 0,
    hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
