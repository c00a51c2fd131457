/**
 * The padded layout's gathers: NeighbourGather (atom rows into neighbour slots; gradient a reverse gather plus a
 * masked sum) and SlotGather (edge rows into the slots that hold them; gradient a gather at each edge's slot).
 */
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

/** d(SlotGather)/d data: each edge's row of the output gradient, read at its slot. */
function slotGatherGrad(c: GradContext): Value {
  const [data, slots, pos] = c.inputs as [Value, Value, Value];
  const rest = data.shape.slice(1);
  if (rest.some((d) => typeof d !== 'number'))
    throw new GraphError('GRAPH_NO_GRADIENT', 'SlotGather: gradient needs literal row dims');
  const g = I.gather(S.reshape(c.dy[0]!, [flatDim(slots.shape), ...rest]), pos);
  // pos may name its length differently from data's rows (e.g. rows concatenated from parts): take data's shape.
  return g.shape[0] === data.shape[0] ? g : S.reshapeLike(g, data);
}

/** Three edges in two atoms' slots (K = 2; the last slot is padding). */
const EDGE_SLOTS = [0, 2, 1, 0];
const EDGE_POS = [0, 2, 1];
const EDGE_MASK = [1, 1, 1, 0];

/** The padded-layout gathers. */
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
  SlotGather: {
    onnx: 'Gather',
    arity: [3, 3],
    emitted: 2,
    infer: ([d, slots, pos]) => {
      needInt('SlotGather', slots!);
      needInt('SlotGather', pos!);
      if (slots!.shape.length !== 2 || pos!.shape.length !== 1)
        throw new GraphError('GRAPH_SHAPE_MISMATCH', 'SlotGather: slots must be [N, K] and pos [E]');
      return [{ dtype: d!.dtype, shape: [...slots!.shape, ...d!.shape.slice(1)] }];
    },
    // pos only steers the gradient.
    grad: [slotGatherGrad, null, null],
    test: {
      tol: 1e-6,
      cases: [
        {
          inputs: [
            { shape: [3, 2] },
            { shape: [2, 2], fixed: EDGE_SLOTS, dtype: 'int64' },
            { shape: [3], fixed: EDGE_POS, dtype: 'int64' },
            { shape: [2, 2], fixed: EDGE_MASK, dtype: 'float64' },
          ],
          apply: (xs) => paddedSum(I.slotGather(xs[0]!, xs[1]!, xs[2]!), xs[3]!),
        },
      ],
    },
  },
} satisfies Partial<Record<OpName, OpDef>>;
