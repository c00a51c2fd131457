/** Reverse-mode autodiff: appends the gradient subgraph of a scalar loss to the graph, op by op. */
import { add } from './api/arith.js';
import { scalar } from './api/const.js';
import { reduceSum } from './api/reduce.js';
import { squeeze, zerosLike } from './api/shape.js';
import { GraphError } from './errors.js';
import type { GraphNode } from './graph.js';
import { OPS } from './registry.js';
import { type Value, formatShape, isFloat } from './value.js';

/**
 * Gradients of the scalar `loss` with respect to each of `wrt`, as new values of the same graph.
 * A value the loss does not depend on gets zeros. Throws a {@link GraphError} naming the op when a
 * differentiable path crosses an input whose rule is null, or when a rule returns a wrong shape.
 */
export function gradients(loss: Value, wrt: readonly Value[]): Value[] {
  const g = loss.graph;
  if (loss.shape.length !== 0 || !isFloat(loss.dtype)) {
    throw new GraphError(
      'GRAPH_SHAPE_MISMATCH',
      `gradients: the loss must be a float scalar, got ${formatShape(loss.shape)}`,
    );
  }
  const needs = new Set<Value>(wrt);
  for (const node of g.nodes) {
    if (node.inputs.some((v) => needs.has(v)))
      for (const o of node.outputs) if (isFloat(o.dtype)) needs.add(o);
  }
  const grads = new Map<Value, Value>();
  grads.set(loss, scalar(g, 1, loss.dtype));
  for (let n = g.nodes.length - 1; n >= 0; n--) {
    const node = g.nodes[n]!;
    if (!node.outputs.some((o) => grads.has(o)) || !node.inputs.some((v) => needs.has(v))) continue;
    const dy = node.outputs.map((o) => grads.get(o) ?? zerosLike(o));
    const ctx = { inputs: node.inputs, outputs: node.outputs, attrs: node.attrs, dy };
    node.inputs.forEach((x, i) => {
      if (!needs.has(x)) return;
      const rules = OPS[node.op].grad;
      const rule = rules[Math.min(i, rules.length - 1)];
      if (!rule) {
        throw new GraphError(
          'GRAPH_NO_GRADIENT',
          `${node.op}: input ${i} is not differentiable but the loss depends on it through ${x.name}`,
          {
            details: { op: node.op },
          },
        );
      }
      const dx = reduceTo(node, rule(ctx, i), x);
      const prev = grads.get(x);
      grads.set(x, prev ? add(prev, dx) : dx);
    });
  }
  return wrt.map((w) => grads.get(w) ?? zerosLike(w));
}

/** Sums a gradient over the axes along which `x` was broadcast, so that it takes x's shape. */
function reduceTo(node: GraphNode, dx: Value, x: Value): Value {
  const [gs, xs] = [dx.shape, x.shape];
  if (gs.length === xs.length && gs.every((d, i) => d === xs[i])) return dx;
  const lead = gs.length - xs.length;
  const axes: number[] = [];
  gs.forEach((d, i) => {
    if (i < lead || (xs[i - lead] === 1 && d !== 1)) axes.push(i);
  });
  let r = axes.length > 0 ? reduceSum(dx, axes, true) : dx;
  if (lead > 0)
    r = squeeze(
      r,
      Array.from({ length: lead }, (_, i) => i),
    );
  if (lead < 0 || r.shape.some((d, i) => d !== xs[i])) {
    throw new GraphError(
      'GRAPH_SHAPE_MISMATCH',
      `${node.op}: gradient of shape ${formatShape(gs)} does not reduce to input shape ${formatShape(xs)}`,
      { details: { op: node.op } },
    );
  }
  return r;
}
