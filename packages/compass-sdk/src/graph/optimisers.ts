/** Optimisers as graph code: SGD with momentum, Adam, AdamW, and global-norm gradient clipping. */
import * as A from './api/arith.js';
import { scalar } from './api/const.js';
import { sumAll } from './api/reduce.js';
import type { Value } from './value.js';

/** SGD with optional (heavy-ball) momentum and L2 weight decay. */
export interface SgdSpec {
  readonly kind: 'sgd';
  readonly momentum?: number;
  readonly weightDecay?: number;
}

/** Adam (L2 weight decay added to the gradient, as PyTorch's Adam) or AdamW (decoupled decay). */
export interface AdamSpec {
  readonly kind: 'adam' | 'adamw';
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  readonly weightDecay?: number;
}

/** Any optimiser the train-step program can embed. */
export type OptimiserSpec = SgdSpec | AdamSpec;

/** Names of the per-parameter state tensors (moments) an optimiser keeps. */
export function optimiserSlots(spec: OptimiserSpec): readonly string[] {
  if (spec.kind === 'sgd') return (spec.momentum ?? 0) > 0 ? ['velocity'] : [];
  return ['m', 'v'];
}

/** Scalars shared by every parameter's update in one step. */
export interface StepScalars {
  /** Learning rate (a graph input, so schedules live outside the graph). */
  readonly lr: Value;
  /** 1-based step number as a float scalar (bias correction). */
  readonly step: Value;
}

/** One parameter's update: the new parameter and new slot values (same order as {@link optimiserSlots}). */
export function applyOptimiser(
  spec: OptimiserSpec,
  p: Value,
  grad: Value,
  slots: readonly Value[],
  s: StepScalars,
): { param: Value; slots: Value[] } {
  const wd = spec.weightDecay ?? 0;
  if (spec.kind === 'sgd') {
    const g = wd > 0 ? A.add(grad, A.mul(p, wd)) : grad;
    const mu = spec.momentum ?? 0;
    if (mu === 0) return { param: A.sub(p, A.mul(s.lr, g)), slots: [] };
    const v = A.add(A.mul(slots[0]!, mu), g);
    return { param: A.sub(p, A.mul(s.lr, v)), slots: [v] };
  }
  const [b1, b2, eps] = [spec.beta1 ?? 0.9, spec.beta2 ?? 0.999, spec.eps ?? 1e-8];
  const decoupled = spec.kind === 'adamw';
  const g = !decoupled && wd > 0 ? A.add(grad, A.mul(p, wd)) : grad;
  const m = A.add(A.mul(slots[0]!, b1), A.mul(g, 1 - b1));
  const v = A.add(A.mul(slots[1]!, b2), A.mul(A.mul(g, g), 1 - b2));
  const c1 = A.sub(1, A.pow(scalar(p.graph, b1, p.dtype), s.step));
  const c2 = A.sub(1, A.pow(scalar(p.graph, b2, p.dtype), s.step));
  const update = A.div(A.div(m, c1), A.add(A.sqrt(A.div(v, c2)), eps));
  const base = decoupled && wd > 0 ? A.sub(p, A.mul(A.mul(s.lr, wd), p)) : p;
  return { param: A.sub(base, A.mul(s.lr, update)), slots: [m, v] };
}

/** Global L2 norm of all gradients, and the gradients scaled so that the norm is at most `maxNorm`. */
export function clipByGlobalNorm(
  grads: readonly Value[],
  maxNorm: number,
): { norm: Value; clipped: Value[] } {
  const norm = globalNorm(grads);
  const scale = A.where(A.greater(norm, maxNorm), A.div(maxNorm, norm), 1);
  return { norm, clipped: grads.map((g) => A.mul(g, scale)) };
}

/** sqrt(sum of squares) over every gradient tensor. */
export function globalNorm(grads: readonly Value[]): Value {
  let total: Value | undefined;
  for (const g of grads) {
    const s = sumAll(A.mul(g, g));
    total = total ? A.add(total, s) : s;
  }
  return A.sqrt(total!);
}
