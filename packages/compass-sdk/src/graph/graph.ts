/** The graph: inputs, constants, nodes and outputs, built value by value through the op registry. */
import { GraphError } from './errors.js';
import type { Attrs, ConstTensor } from './op-def.js';
import type { OpName } from './op-name.js';
import { OPS } from './registry.js';
import type { DType, Shape, Value } from './value.js';

/** One node: an op applied to values, producing values. */
export interface GraphNode {
  readonly op: OpName;
  readonly inputs: readonly Value[];
  readonly outputs: readonly Value[];
  readonly attrs: Attrs;
}

/**
 * A graph under construction. Values carry dtype and static shape; every op checks its inputs when applied,
 * so a bad graph fails where it is written, naming the op.
 *
 * @example
 * ```ts
 * const g = new Graph();
 * const x = g.input('x', 'float32', ['N', 3]);
 * const w = g.input('w', 'float32', [3, 1]);
 * g.output('y', matmul(x, w));
 * ```
 */
export class Graph {
  readonly inputs: Value[] = [];
  readonly outputs: { name: string; value: Value }[] = [];
  readonly nodes: GraphNode[] = [];
  readonly constants = new Map<Value, ConstTensor>();
  /** Which node produced each non-input value. */
  readonly producer = new Map<Value, GraphNode>();
  private counter = 0;
  private readonly names = new Set<string>();

  /** Declares a graph input. */
  input(name: string, dtype: DType, shape: Shape): Value {
    const v = this.value(dtype, shape, name);
    this.inputs.push(v);
    return v;
  }

  /** Adds a constant (stored as an initialiser). */
  constant(tensor: ConstTensor): Value {
    const v = this.value(tensor.dtype, tensor.shape);
    this.constants.set(v, tensor);
    return v;
  }

  /** Declares `value` as a graph output under `name` (an Identity node renames it). */
  output(name: string, value: Value): void {
    this.own(value);
    if (this.names.has(name))
      throw new GraphError('GRAPH_DUPLICATE_NAME', `value name ${name} is already used`);
    this.names.add(name);
    this.outputs.push({ name, value });
  }

  /** Applies a registered op; used by the op functions (`add`, `matmul`, ...). */
  apply(op: OpName, inputs: readonly Value[], attrs: Attrs = {}): Value[] {
    const def = OPS[op];
    const [min, max] = def.arity;
    if (inputs.length < min || inputs.length > max) {
      throw new GraphError('GRAPH_ARITY', `${op} takes ${min}..${max} inputs, got ${inputs.length}`, {
        details: { op },
      });
    }
    for (const v of inputs) this.own(v, op);
    const types = def.infer(inputs, attrs);
    const outputs = types.map((t) => this.value(t.dtype, t.shape));
    const node: GraphNode = { op, inputs, outputs, attrs };
    this.nodes.push(node);
    for (const o of outputs) this.producer.set(o, node);
    return outputs;
  }

  private own(v: Value, op?: string): void {
    if (v.graph !== this) {
      throw new GraphError(
        'GRAPH_FOREIGN_VALUE',
        `${op ?? 'output'}: value ${v.name} belongs to another graph`,
      );
    }
  }

  private value(dtype: DType, shape: Shape, name?: string): Value {
    const n = name ?? `_v${this.counter++}`;
    if (this.names.has(n)) throw new GraphError('GRAPH_DUPLICATE_NAME', `value name ${n} is already used`);
    this.names.add(n);
    return { graph: this, name: n, dtype, shape: [...shape] };
  }
}
