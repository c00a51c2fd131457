/** How a model author describes a model: parameters, batch inputs, targets, forward and loss. */
import type { Value, Shape } from './value.js';

/** Initialisation of a parameter tensor. */
export type ParamInit =
  'zeros' | 'ones' | 'glorot' | { readonly normal: number } | { readonly constant: number };

/** One trainable parameter. Parameters always have literal shapes. */
export interface ParamSpec {
  readonly shape: readonly number[];
  readonly init: ParamInit;
}

/** One batch tensor. `'float'` resolves to the program's float type (float32 to train, float64 to check). */
export interface TensorSpec {
  readonly dtype: 'float' | 'int64' | 'bool';
  readonly shape: Shape;
}

/** Named values handed to `forward` and `loss`. */
export type Values = Readonly<Record<string, Value>>;

/**
 * A model: the single description from which inference, train-step and evaluation programs are built.
 *
 * @example
 * ```ts
 * const model: ModelDef = {
 *   params: { w: { shape: [3, 1], init: 'glorot' }, b: { shape: [1], init: 'zeros' } },
 *   inputs: { x: { dtype: 'float', shape: ['B', 3] } },
 *   targets: { y: { dtype: 'float', shape: ['B', 1] } },
 *   forward: (p, x) => ({ y: linear(x.x!, p.w!, p.b!) }),
 *   loss: (pred, t) => mse(pred.y!, t.y!),
 * };
 * ```
 */
export interface ModelDef {
  readonly params: Readonly<Record<string, ParamSpec>>;
  readonly inputs: Readonly<Record<string, TensorSpec>>;
  readonly targets: Readonly<Record<string, TensorSpec>>;
  /** Predictions from parameters and batch inputs. */
  forward(params: Values, inputs: Values): Values;
  /** Scalar loss from predictions and targets. */
  loss(predictions: Values, targets: Values): Value;
}
