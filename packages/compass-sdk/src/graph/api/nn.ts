/** Neural-network building blocks composed from primitive ops (their gradients come from the primitives). */
import * as A from './arith.js';
import { reduceMean, reduceSum } from './reduce.js';
import { concat, expandLike, fill, shapeOf, unsqueeze } from './shape.js';
import { scatterElements } from './indexing.js';
import type { Value } from '../value.js';

/** x @ w (+ b): x [..., in], w [in, out], b [out]. */
export function linear(x: Value, w: Value, b?: Value): Value {
  const y = A.matmul(x, w);
  return b ? A.add(y, b) : y;
}

/** Layer normalisation over the last axis with scale `gamma` and shift `beta` (eps 1e-5 by default). */
export function layerNorm(x: Value, gamma: Value, beta: Value, eps = 1e-5): Value {
  const axis = x.shape.length - 1;
  const mu = reduceMean(x, [axis], true);
  const c = A.sub(x, mu);
  const variance = reduceMean(A.mul(c, c), [axis], true);
  return A.add(A.mul(A.div(c, A.sqrt(A.add(variance, eps))), gamma), beta);
}

/**
 * Segment sum in the edge layout: rows of `x` [E, ...] summed into `segments` rows by the int64 `index` [E]
 * (ScatterElements add: exact at any thread count). `like` supplies the output's first dim (e.g. node features
 * [N, F] for an edge-to-atom sum, or a [B] vector for a per-graph readout).
 */
export function segmentSum(x: Value, index: Value, like: Value): Value {
  const rest = x.shape.slice(1);
  const outShape = concat([shapeOf(like, 0, 1), shapeOf(x, 1)], 0);
  const zeros = fill(outShape, [like.shape[0]!, ...rest], 0, x.dtype);
  const spread =
    rest.length > 0
      ? expandLike(
          unsqueeze(
            index,
            rest.map((_, i) => i + 1),
          ),
          x,
        )
      : index;
  return scatterElements(zeros, spread, x, 0, 'add');
}

/**
 * Padded-neighbour aggregation: `x` [N, K, ...] messages for each atom's K neighbour slots, `mask` [N, K]
 * (1 real, 0 padding) in x's dtype. Sum over slots = masked ReduceSum over axis 1: deterministic and
 * multi-threaded.
 */
export function paddedSum(x: Value, mask: Value): Value {
  const m =
    x.shape.length > 2
      ? unsqueeze(
          mask,
          x.shape.slice(2).map((_, i) => i + 2),
        )
      : mask;
  return reduceSum(A.mul(x, m), [1]);
}

/** Mean squared error of two same-shaped values, as a scalar. */
export function mse(pred: Value, target: Value): Value {
  const d = A.sub(pred, target);
  return reduceMean(
    A.mul(d, d),
    d.shape.map((_, i) => i),
  );
}

/** Huber loss with threshold `delta` (mean over elements). */
export function huber(pred: Value, target: Value, delta = 1): Value {
  const d = A.sub(pred, target);
  const a = A.abs(d);
  const quad = A.mul(A.mul(d, d), 0.5);
  const lin = A.mul(A.sub(a, 0.5 * delta), delta);
  const l = A.where(A.less(a, delta), quad, lin);
  return reduceMean(
    l,
    l.shape.map((_, i) => i),
  );
}
