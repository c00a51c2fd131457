/**
 * CART regression trees as scikit-learn grows them (exact best split on weighted squared error over a random
 * subset of features per node), stored as flat arrays in pre-order.
 */
import type { PreparedColumns } from './tree-data.js';

/** One tree, pre-order: node 0 is the root; `feature[k] < 0` marks a leaf. Go left when `x[feature] <= threshold`. */
export interface RegressionTree {
  readonly feature: Int32Array;
  /** float32-representable split values. */
  readonly threshold: Float32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Leaf output (float32-representable); the node's weighted mean for inner nodes. */
  readonly value: Float32Array;
}

/** How a tree grows. */
export interface TreeGrowth {
  /** Features examined per node (non-constant ones; more are drawn while some prove constant). */
  readonly maxFeatures: number;
  /** A node with fewer distinct rows is a leaf. */
  readonly minSamplesSplit: number;
  /** Each child keeps at least this many distinct rows. */
  readonly minSamplesLeaf: number;
  readonly maxDepth: number;
}

// Sort key = rank * 2^21 + position in the node: one numeric typed-array sort orders a node's rows by value.
const POS = 2 ** 21;

/** Tree growing over one prepared set; reuses its scratch buffers across trees. */
export class TreeGrower {
  private readonly keys: Float64Array;
  private readonly order: Uint32Array;
  private readonly featureOrder: Int32Array;
  private feature: number[] = [];
  private threshold: number[] = [];
  private left: number[] = [];
  private right: number[] = [];
  private value: number[] = [];
  private y: Float64Array;
  private w: Float64Array;

  constructor(
    private readonly data: PreparedColumns,
    private readonly growth: TreeGrowth,
  ) {
    if (data.rows >= POS) throw new RangeError(`at most ${POS - 1} training rows`);
    this.keys = new Float64Array(data.rows);
    this.order = new Uint32Array(data.rows);
    this.featureOrder = Int32Array.from({ length: data.featureCount }, (_, i) => i);
    this.y = data.targets;
    this.w = data.weights;
  }

  /**
   * Grow one tree on `rows` (distinct row indices; the array is reordered) with per-row `weights` (bootstrap
   * counts times row weights) and `targets`, drawing features with `random`.
   */
  grow(
    rows: Uint32Array,
    weights: Float64Array,
    targets: Float64Array,
    random: () => number,
  ): RegressionTree {
    this.feature = [];
    this.threshold = [];
    this.left = [];
    this.right = [];
    this.value = [];
    this.y = targets;
    this.w = weights;
    this.node(rows, 0, rows.length, 0, random);
    return {
      feature: Int32Array.from(this.feature),
      threshold: Float32Array.from(this.threshold),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float32Array.from(this.value),
    };
  }

  private node(rows: Uint32Array, start: number, end: number, depth: number, random: () => number): number {
    const id = this.feature.length;
    let sw = 0,
      swy = 0,
      swyy = 0;
    for (let k = start; k < end; k++) {
      const r = rows[k]!,
        wi = this.w[r]!,
        yi = this.y[r]!;
      sw += wi;
      swy += wi * yi;
      swyy += wi * yi * yi;
    }
    const mean = sw > 0 ? swy / sw : 0;
    this.feature.push(-1);
    this.threshold.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(Math.fround(mean));
    const g = this.growth;
    const count = end - start;
    const impurity = sw > 0 ? swyy / sw - mean * mean : 0;
    if (count < g.minSamplesSplit || count < 2 * g.minSamplesLeaf || depth >= g.maxDepth) return id;
    if (impurity <= Number.EPSILON * Math.max(1, mean * mean)) return id;
    const split = this.bestSplit(rows, start, end, sw, swy, random);
    if (split === undefined) return id;
    // Partition in place: rows going left first.
    const col = this.data.columns[split.feature]!;
    let i = start,
      j = end - 1;
    while (i <= j) {
      if (col[rows[i]!]! <= split.threshold) i++;
      else {
        const t = rows[i]!;
        rows[i] = rows[j]!;
        rows[j] = t;
        j--;
      }
    }
    this.feature[id] = split.feature;
    this.threshold[id] = split.threshold;
    this.left[id] = this.node(rows, start, i, depth + 1, random);
    this.right[id] = this.node(rows, i, end, depth + 1, random);
    return id;
  }

  private bestSplit(
    rows: Uint32Array,
    start: number,
    end: number,
    sw: number,
    swy: number,
    random: () => number,
  ): { feature: number; threshold: number } | undefined {
    const p = this.data.featureCount;
    const fo = this.featureOrder;
    const count = end - start;
    const minLeaf = this.growth.minSamplesLeaf;
    const keys = this.keys.subarray(0, count);
    let bestGain = -Infinity,
      bestFeature = -1,
      bestRankLeft = 0,
      bestRankRight = 0;
    let visited = 0;
    for (let drawn = 0; drawn < p && visited < this.growth.maxFeatures; drawn++) {
      // Partial Fisher-Yates: features are drawn without replacement.
      const pick = drawn + Math.floor(random() * (p - drawn));
      const f = fo[pick]!;
      fo[pick] = fo[drawn]!;
      fo[drawn] = f;
      const rank = this.data.ranks[f]!;
      for (let k = 0; k < count; k++) keys[k] = rank[rows[start + k]!]! * POS + k;
      keys.sort();
      const lo = Math.floor(keys[0]! / POS),
        hi = Math.floor(keys[count - 1]! / POS);
      if (lo === hi) continue; // constant here: does not count towards maxFeatures
      visited++;
      let lw = 0,
        lwy = 0;
      for (let k = 0; k < count - 1; k++) {
        const key = keys[k]!;
        const r = rows[start + (key % POS)]!;
        lw += this.w[r]!;
        lwy += this.w[r]! * this.y[r]!;
        const prevRank = Math.floor(key / POS);
        const nextRank = Math.floor(keys[k + 1]! / POS);
        if (nextRank === prevRank || k + 1 < minLeaf || count - k - 1 < minLeaf) continue;
        const rw = sw - lw;
        if (lw <= 0 || rw <= 0) continue;
        const rwy = swy - lwy;
        const gain = (lwy * lwy) / lw + (rwy * rwy) / rw;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = f;
          bestRankLeft = prevRank;
          bestRankRight = nextRank;
        }
      }
    }
    if (bestFeature < 0) return undefined;
    const values = this.data.distinct[bestFeature]!;
    const a = values[bestRankLeft]!,
      b = values[bestRankRight]!;
    let threshold = Math.fround(a / 2 + b / 2);
    if (threshold >= b || threshold < a) threshold = a;
    return { feature: bestFeature, threshold };
  }
}

/** The leaf value `tree` gives the row `x` (offset `at` into a row-major array); inputs are compared as float32. */
export function predictTree(tree: RegressionTree, x: ArrayLike<number>, at = 0): number {
  let k = 0;
  const { feature, threshold, left, right } = tree;
  for (;;) {
    const f = feature[k]!;
    if (f < 0) return tree.value[k]!;
    k = Math.fround(x[at + f]!) <= threshold[k]! ? left[k]! : right[k]!;
  }
}
