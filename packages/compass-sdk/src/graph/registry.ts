/** The op registry: every op in one `Record<OpName, OpDef>`, so a missing or duplicated op fails to compile. */
import type { OpDef } from './op-def.js';
import type { OpName } from './op-name.js';
import { ELEMENTWISE_OPS } from './opdefs/elementwise.js';
import { INDEXING_OPS } from './opdefs/indexing.js';
import { LINEAR_ALGEBRA_OPS } from './opdefs/linear-algebra.js';
import { NEIGHBOUR_OPS } from './opdefs/neighbour-gather.js';
import { SHAPE_OPS } from './opdefs/shape.js';

/** Every op the builder can emit, by name. */
export const OPS: Readonly<Record<OpName, OpDef>> = {
  ...ELEMENTWISE_OPS,
  ...LINEAR_ALGEBRA_OPS,
  ...SHAPE_OPS,
  ...INDEXING_OPS,
  ...NEIGHBOUR_OPS,
};
