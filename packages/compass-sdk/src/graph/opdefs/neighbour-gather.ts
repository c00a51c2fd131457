/** NeighbourGather: the padded layout's gather, whose gradient is a reverse gather plus a masked sum. */
import * as I from '../api/indexing.js';
import { paddedSum } from '../api/nn.js';
import * as S from '../api/shape.js';
import { GraphError } from '../errors.js';
import type { GradContext, OpDef } from '../op-def.js';
import type { OpName } from '../op-name.js';
import { reverseNeighbourIndex } from '../padded-layout.js';
import { type Value, flatDim } from '../value.js';
import { needInt } from './indexing.js';

/** Ring of 4 atoms, 3 slots, the last one padding: the fixed test case of NeighbourGather. */
const RING_NBR = [3, 1, 0, 0, 2, 0, 1, 3, 0, 2, 0, 0];
const RING_MASK = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0];

/** d(NeighbourGather)/d data: gather the output gradient at the reverse slots, then a masked sum over slots. */
function neighbourGatherGrad(c: GradContext): Value {
  const [data, nbr, rev, mask] = c.inputs as [Value, Value, Value, Value];
  const rest = data.shape.slice(1);
  if (rest.some((d) => typeof d !== 'number'))
    throw new GraphError('GRAPH_NO_GRADIENT', 'NeighbourGather: gradient needs literal row dims');
  const flat = S.reshape(c.dy[0]!, [flatDim(nbr.shape), ...rest]);
  return paddedSum(I.gather(flat, rev), mask);
}

/** The padded-layout gather. */
export const NEIGHBOUR_OPS = {
  NeighbourGather: {
    onnx: 'Gather',
    arity: [4, 4],
    emitted: 2,
    infer: ([d, nbr, rev, mask]) => {
      needInt('NeighbourGather', nbr!);
      needInt('NeighbourGather', rev!);
      const same = (v: Value) => v.shape.length === 2 && v.shape.every((e, i) => e === nbr!.shape[i]);
      if (nbr!.shape.length !== 2 || !same(rev!) || !same(mask!) || mask!.dtype !== d!.dtype) {
        throw new GraphError(
          'GRAPH_SHAPE_MISMATCH',
          'NeighbourGather: nbr, reverse and mask must share one [N, K] shape',
        );
      }
      return [{ dtype: d!.dtype, shape: [...nbr!.shape, ...d!.shape.slice(1)] }];
    },
    // The mask only steers the gradient; the forward result does not depend on it.
    grad: [neighbourGatherGrad, null, null, (c) => S.zerosLike(c.inputs[3]!)],
    test: {
      tol: 1e-6,
      cases: [
        {
          inputs: [
            { shape: [4, 2] },
            { shape: [4, 3], fixed: RING_NBR, dtype: 'int64' },
            { shape: [4, 3], fixed: reverseNeighbourIndex(RING_NBR, RING_MASK, 4, 3), dtype: 'int64' },
            { shape: [4, 3], fixed: RING_MASK, dtype: 'float64' },
          ],
          // Padded slots gather row 0 but are masked before use, as in a real model.
          apply: (xs) =>
            paddedSum(I.gatherNeighbours(xs[0]!, xs[1]!, { reverse: xs[2]!, mask: xs[3]! }), xs[3]!),
        },
      ],
    },
  },
} satisfies Partial<Record<OpName, OpDef>>;
