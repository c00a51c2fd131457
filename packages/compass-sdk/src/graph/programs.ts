/** Program builders: inference, train step and evaluation graphs from one ModelDef, encoded as ONNX. */
import { scalar } from './api/const.js';
import { identity } from './api/arith.js';
import { gradients } from './autodiff.js';
import { Graph } from './graph.js';
import type { ModelDef, TensorSpec, Values } from './model-def.js';
import {
  type OptimiserSpec,
  applyOptimiser,
  clipByGlobalNorm,
  globalNorm,
  optimiserSlots,
} from './optimisers.js';
import type { DType, Value } from './value.js';
import { encodeModel } from './onnx-export.js';

/** Which program. */
export type ProgramKind = 'inference' | 'train' | 'eval';

/**
 * An encoded program and its calling convention. Parameters are inputs named `param.<name>`; the train step
 * also takes `<slot>.<name>` moments, `lr` and `step`, and returns `loss`, `grad_norm`, predictions
 * (`pred.<name>`), `new.param.<name>` and `new.<slot>.<name>`.
 */
export interface Program {
  readonly kind: ProgramKind;
  readonly dtype: 'float32' | 'float64';
  readonly onnx: Uint8Array;
  readonly paramNames: readonly string[];
  /** Optimiser state input names (train only), e.g. `m.w`, `v.w`. */
  readonly stateNames: readonly string[];
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly graph: Graph;
}

/** Options shared by the program builders. */
export interface ProgramOptions {
  /** Float type of parameters and float batch tensors (default float32). */
  readonly dtype?: 'float32' | 'float64';
}

/** Options of the train-step program. */
export interface TrainProgramOptions extends ProgramOptions {
  readonly optimiser: OptimiserSpec;
  /** Clip gradients to this global L2 norm (default: no clipping). */
  readonly clipNorm?: number;
}

/** Feed name of a parameter. */
export const paramInput = (name: string): string => `param.${name}`;
/** Feed name of an optimiser slot of a parameter. */
export const slotInput = (slot: string, name: string): string => `${slot}.${name}`;
/** Output name carrying the next value of a train-step input. */
export const nextOutput = (input: string): string => `new.${input}`;
/** Output name of a prediction. */
export const predOutput = (name: string): string => `pred.${name}`;

function declare(g: Graph, specs: Readonly<Record<string, TensorSpec>>, dtype: DType): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, s] of Object.entries(specs))
    out[k] = g.input(k, s.dtype === 'float' ? dtype : s.dtype, s.shape);
  return out;
}

function declareParams(g: Graph, model: ModelDef, dtype: DType): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, s] of Object.entries(model.params)) out[k] = g.input(paramInput(k), dtype, s.shape);
  return out;
}

function outputPredictions(g: Graph, preds: Values): void {
  for (const [k, v] of Object.entries(preds)) g.output(predOutput(k), v);
}

function finish(
  kind: ProgramKind,
  g: Graph,
  model: ModelDef,
  dtype: 'float32' | 'float64',
  stateNames: string[] = [],
): Program {
  return {
    kind,
    dtype,
    onnx: encodeModel(g, `compass-${kind}`),
    paramNames: Object.keys(model.params),
    stateNames,
    inputNames: g.inputs.map((v) => v.name),
    outputNames: g.outputs.map((o) => o.name),
    graph: g,
  };
}

/** Predictions only: inputs are parameters and batch inputs. */
export function buildInferenceProgram(model: ModelDef, opts: ProgramOptions = {}): Program {
  const dtype = opts.dtype ?? 'float32';
  const g = new Graph();
  const p = declareParams(g, model, dtype);
  outputPredictions(g, model.forward(p, declare(g, model.inputs, dtype)));
  return finish('inference', g, model, dtype);
}

/** Loss and predictions without updates: inputs are parameters, batch inputs and targets. */
export function buildEvalProgram(model: ModelDef, opts: ProgramOptions = {}): Program {
  const dtype = opts.dtype ?? 'float32';
  const g = new Graph();
  const p = declareParams(g, model, dtype);
  const preds = model.forward(p, declare(g, model.inputs, dtype));
  g.output('loss', model.loss(preds, declare(g, model.targets, dtype)));
  outputPredictions(g, preds);
  return finish('eval', g, model, dtype);
}

/**
 * One optimisation step: forward, loss, backward, optional clipping and the optimiser update, in one graph.
 *
 * @example Build, train and run a tiny model
 * ```ts
 * import { buildInferenceProgram, buildTrainStepProgram, initParams, linear, mse, silu, type ModelDef }
 *   from '@compass/sdk/graph';
 * import { createLocalSession, hostTensor, Trainer } from '@compass/sdk/engine';
 *
 * const model: ModelDef = {
 *   params: { w1: { shape: [2, 8], init: 'glorot' }, b1: { shape: [8], init: 'zeros' },
 *             w2: { shape: [8, 1], init: 'glorot' }, b2: { shape: [1], init: 'zeros' } },
 *   inputs: { x: { dtype: 'float', shape: ['B', 2] } },
 *   targets: { y: { dtype: 'float', shape: ['B', 1] } },
 *   forward: (p, i) => ({ y: linear(silu(linear(i.x!, p.w1!, p.b1!)), p.w2!, p.b2!) }),
 *   loss: (pred, t) => mse(pred.y!, t.y!),
 * };
 * const train = buildTrainStepProgram(model, { optimiser: { kind: 'adamw', weightDecay: 1e-5 }, clipNorm: 1 });
 * const trainer = await Trainer.create(train, initParams(model, { seed: 42 }));
 * const batch = { x: hostTensor('float32', [4, 2], [0, 0, 0, 1, 1, 0, 1, 1]),
 *                 y: hostTensor('float32', [4, 1], [0, 1, 1, 0]) };
 * for (let step = 1; step <= 500; step++) await trainer.step(batch, 1e-2);
 * const infer = await createLocalSession(buildInferenceProgram(model).onnx);
 * const { 'pred.y': y } = await infer.run({ ...trainer.paramFeeds(), x: batch.x });
 * ```
 */
export function buildTrainStepProgram(model: ModelDef, opts: TrainProgramOptions): Program {
  const dtype = opts.dtype ?? 'float32';
  const g = new Graph();
  const p = declareParams(g, model, dtype);
  const slots = optimiserSlots(opts.optimiser);
  const names = Object.keys(model.params);
  const state: Record<string, Value[]> = {};
  const stateNames: string[] = [];
  for (const k of names) {
    state[k] = slots.map((s) => {
      stateNames.push(slotInput(s, k));
      return g.input(slotInput(s, k), dtype, model.params[k]!.shape);
    });
  }
  const lr = g.input('lr', dtype, []);
  const step = g.input('step', dtype, []);
  const preds = model.forward(p, declare(g, model.inputs, dtype));
  const loss = model.loss(preds, declare(g, model.targets, dtype));
  let grads = gradients(
    loss,
    names.map((k) => p[k]!),
  );
  let norm: Value;
  if (opts.clipNorm !== undefined) ({ norm, clipped: grads } = clipByGlobalNorm(grads, opts.clipNorm));
  else norm = names.length > 0 ? globalNorm(grads) : scalar(g, 0, dtype);
  g.output('loss', loss);
  g.output('grad_norm', identity(norm));
  outputPredictions(g, preds);
  names.forEach((k, i) => {
    const u = applyOptimiser(opts.optimiser, p[k]!, grads[i]!, state[k]!, { lr, step });
    g.output(nextOutput(paramInput(k)), u.param);
    u.slots.forEach((v, j) => g.output(nextOutput(slotInput(slots[j]!, k)), v));
  });
  return finish('train', g, model, dtype, stateNames);
}
