/** Shape inference helpers shared by the op definitions: broadcasting, axes, dtype checks. */
import { GraphError } from './errors.js';
import type { Attr, Attrs } from './op-def.js';
import { type DType, type Dim, type Shape, type Value, formatShape, isFloat } from './value.js';

/**
 * Numpy broadcasting where only a literal 1 may stretch: a symbolic dim against anything but itself or 1
 * is an error, because the gradient's broadcast reduction is decided from static shapes.
 */
export function broadcastShapes(op: string, shapes: readonly Shape[]): Shape {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let d: Dim = 1;
    for (const s of shapes) {
      const e = s[s.length - rank + i] ?? 1;
      if (e === 1 || e === d) continue;
      if (d === 1) {
        d = e;
        continue;
      }
      const symbolic = typeof d === 'string' || typeof e === 'string';
      throw new GraphError(
        symbolic ? 'GRAPH_SYMBOLIC_BROADCAST' : 'GRAPH_SHAPE_MISMATCH',
        `${op}: shapes ${shapes.map(formatShape).join(' and ')} do not broadcast` +
          (symbolic ? ' (a symbolic dim never broadcasts; only literal 1s do)' : ''),
        { details: { op } },
      );
    }
    out.push(d);
  }
  return out;
}

/** Requires every input to share one dtype and returns it. */
export function sameDType(op: string, inputs: readonly Value[]): DType {
  const t = inputs[0]!.dtype;
  for (const v of inputs) {
    if (v.dtype !== t) {
      throw new GraphError('GRAPH_DTYPE_MISMATCH', `${op}: mixed dtypes ${t} and ${v.dtype}`, {
        details: { op },
      });
    }
  }
  return t;
}

/** Requires a floating dtype. */
export function floatDType(op: string, v: Value): DType {
  if (!isFloat(v.dtype)) {
    throw new GraphError('GRAPH_DTYPE_MISMATCH', `${op}: needs a float input, got ${v.dtype}`, {
      details: { op },
    });
  }
  return v.dtype;
}

/** Normalises a possibly negative axis against `rank`. */
export function normAxis(op: string, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) {
    throw new GraphError('GRAPH_BAD_ATTRIBUTE', `${op}: axis ${axis} out of range for rank ${rank}`, {
      details: { op },
    });
  }
  return a;
}

/** Reads an int attribute. */
export function intAttr(attrs: Attrs, name: string, fallback?: number): number {
  const a: Attr | undefined = attrs[name];
  if (a === undefined && fallback !== undefined) return fallback;
  if (a?.kind !== 'int') throw new GraphError('GRAPH_BAD_ATTRIBUTE', `missing int attribute ${name}`);
  return a.value;
}

/** Reads an ints attribute. */
export function intsAttr(attrs: Attrs, name: string): readonly number[] {
  const a = attrs[name];
  if (a?.kind !== 'ints') throw new GraphError('GRAPH_BAD_ATTRIBUTE', `missing ints attribute ${name}`);
  return a.value;
}

/** Reads a string attribute. */
export function stringAttr(attrs: Attrs, name: string, fallback: string): string {
  const a = attrs[name];
  return a?.kind === 'string' ? a.value : fallback;
}

/** Shorthands for attribute construction. */
export const attr = {
  int: (value: number): Attr => ({ kind: 'int', value }),
  float: (value: number): Attr => ({ kind: 'float', value }),
  ints: (value: readonly number[]): Attr => ({ kind: 'ints', value }),
  string: (value: string): Attr => ({ kind: 'string', value }),
};
