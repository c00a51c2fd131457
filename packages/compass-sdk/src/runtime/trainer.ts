/** Trainer: runs a train-step program step after step, feeding updated parameters and moments back. */
import { EventEmitter } from 'eventemitter3';
import { nextOutput, paramInput, type Program } from '../graph/programs.js';
import { RuntimeError } from './errors.js';
import { type HostTensor, type TensorMap, hostTensor } from './host-tensor.js';
import type { SessionSettings } from './providers.js';
import { type ModelSession, createLocalSession } from './session.js';

/** Creates sessions: {@link createLocalSession} or a {@link SessionWorker}'s `createSession`. */
export type SessionFactory = (onnx: Uint8Array, settings: SessionSettings) => Promise<ModelSession>;

/** Figures of one step. */
export interface StepResult {
  readonly step: number;
  readonly loss: number;
  readonly gradNorm: number;
  readonly predictions: TensorMap;
}

/** Events of a {@link Trainer}. */
export interface TrainerEvents {
  step: (r: StepResult) => void;
}

/** Options of {@link Trainer.fit}. */
export interface FitOptions {
  /** Learning rate, constant or per 1-based step (schedules live here, outside the graph). */
  readonly lr: number | ((step: number) => number);
  /** Checked between steps: an aborted run stops before the next step and rejects with RUNTIME_ABORTED. */
  readonly signal?: AbortSignal;
}

/**
 * Holds parameters and optimiser state for a train-step {@link Program} and runs it. Emits `step` events.
 *
 * @example
 * ```ts
 * const program = buildTrainStepProgram(model, { optimizer: { kind: 'adam' }, clipNorm: 1 });
 * const trainer = await Trainer.create(program, initParams(model, { seed: 1 }));
 * for (let i = 0; i < 100; i++) await trainer.step(batch, 1e-2);
 * const out = await inference.run({ ...trainer.paramFeeds(), x });
 * ```
 */
export class Trainer extends EventEmitter<TrainerEvents> {
  private state: Record<string, HostTensor> = {};
  private steps = 0;

  private constructor(
    readonly program: Program,
    readonly session: ModelSession,
  ) {
    super();
  }

  /** Creates the session (locally unless `factory` says otherwise) and zeroed optimiser state. */
  static async create(
    program: Program,
    params: TensorMap,
    opts: { factory?: SessionFactory; settings?: SessionSettings } = {},
  ): Promise<Trainer> {
    if (program.kind !== 'train') throw new TypeError(`Trainer needs a train program, got ${program.kind}`);
    const settings = { float64: program.dtype === 'float64', ...opts.settings };
    const session = await (opts.factory ?? createLocalSession)(program.onnx, settings);
    const t = new Trainer(program, session);
    for (const k of program.paramNames) {
      const p = params[k];
      if (!p) throw new TypeError(`missing parameter ${k}`);
      t.state[paramInput(k)] = p;
    }
    for (const s of program.stateNames) {
      const k = s.slice(s.indexOf('.') + 1);
      const p = params[k]!;
      t.state[s] = hostTensor(
        p.dtype,
        p.dims,
        new (p.data.constructor as Float32ArrayConstructor)(p.data.length),
      );
    }
    return t;
  }

  /** Number of steps taken. */
  get stepCount(): number {
    return this.steps;
  }

  /** Current parameters keyed by parameter name. */
  get params(): TensorMap {
    const out: Record<string, HostTensor> = {};
    for (const k of this.program.paramNames) out[k] = this.state[paramInput(k)]!;
    return out;
  }

  /** Current parameters keyed by their program input names, ready to merge into inference or eval feeds. */
  paramFeeds(): TensorMap {
    const out: Record<string, HostTensor> = {};
    for (const k of this.program.paramNames) out[paramInput(k)] = this.state[paramInput(k)]!;
    return out;
  }

  /** One step on `batch` (inputs and targets by name) with learning rate `lr`. */
  async step(batch: TensorMap, lr: number): Promise<StepResult> {
    const n = this.steps + 1;
    const scalar = (v: number) => hostTensor(this.program.dtype, [], [v]);
    const out = await this.session.run({ ...batch, ...this.state, lr: scalar(lr), step: scalar(n) });
    for (const k of Object.keys(this.state)) this.state[k] = out[nextOutput(k)]!;
    this.steps = n;
    const predictions: Record<string, HostTensor> = {};
    for (const [k, v] of Object.entries(out)) if (k.startsWith('pred.')) predictions[k.slice(5)] = v;
    const r = {
      step: n,
      loss: Number(out.loss!.data[0]),
      gradNorm: Number(out.grad_norm!.data[0]),
      predictions,
    };
    this.emit('step', r);
    return r;
  }

  /** Runs one step per batch until the batches end or `signal` aborts (checked between steps). */
  async fit(
    batches: Iterable<TensorMap> | AsyncIterable<TensorMap>,
    opts: FitOptions,
  ): Promise<StepResult | undefined> {
    let last: StepResult | undefined;
    for await (const batch of batches) {
      if (opts.signal?.aborted)
        throw new RuntimeError('RUNTIME_ABORTED', `training aborted after step ${this.steps}`, {
          cause: opts.signal.reason,
        });
      const lr = typeof opts.lr === 'number' ? opts.lr : opts.lr(this.steps + 1);
      last = await this.step(batch, lr);
    }
    return last;
  }

  /** Releases the session. */
  async close(): Promise<void> {
    await this.session.release();
  }
}
