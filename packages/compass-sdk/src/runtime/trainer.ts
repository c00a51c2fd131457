/**
 * Trainer: runs a train-step program step after step, feeding updated parameters and moments back. The one step
 * loop of the SDK: training runs (training/training-loop.ts) and fine-tuners step through it.
 */
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

/**
 * A step that has run but not yet changed the trainer: its figures, and the choice to keep or drop its updates
 * (a caller's policy for a non-finite loss decides). Exactly one of `commit` / `discard` is called.
 */
export interface PendingStep extends StepResult {
  /** True when the loss and the gradient norm are finite numbers. */
  readonly finite: boolean;
  /** Adopt the step's parameters and optimiser state; emits `step`. */
  commit(): StepResult;
  /** Keep the parameters as they were. The step still counts (the next one is `step + 1`), nothing is emitted. */
  discard(): void;
}

/** Where {@link Trainer.resume} picks up: the full train-step state and the steps already taken. */
export interface TrainerState {
  /** Every parameter (`param.<name>`) and optimiser slot (e.g. `m.<name>`) input of the program. */
  readonly state: TensorMap;
  readonly steps: number;
}

/** Session options of {@link Trainer.create} and {@link Trainer.resume}. */
export interface TrainerSessionOptions {
  readonly factory?: SessionFactory;
  readonly settings?: SessionSettings;
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
 * const program = buildTrainStepProgram(model, { optimiser: { kind: 'adam' }, clipNorm: 1 });
 * const trainer = await Trainer.create(program, initParams(model, { seed: 1 }));
 * for (let i = 0; i < 100; i++) await trainer.step(batch, 1e-2);
 * const out = await inference.run({ ...trainer.paramFeeds(), x });
 * ```
 */
export class Trainer extends EventEmitter<TrainerEvents> {
  private state: Record<string, HostTensor> = {};
  private steps = 0;
  private pending = false;

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
    opts: TrainerSessionOptions = {},
  ): Promise<Trainer> {
    const state: Record<string, HostTensor> = {};
    for (const k of program.paramNames) {
      const p = params[k];
      if (!p) throw new TypeError(`missing parameter ${k}`);
      state[paramInput(k)] = p;
    }
    for (const s of program.stateNames) {
      const k = s.slice(s.indexOf('.') + 1);
      const p = params[k]!;
      state[s] = hostTensor(
        p.dtype,
        p.dims,
        new (p.data.constructor as Float32ArrayConstructor)(p.data.length),
      );
    }
    return Trainer.open(program, { state, steps: 0 }, opts);
  }

  /** Continues from a saved {@link TrainerState} (a checkpoint): parameters, optimiser slots and step count. */
  static async resume(
    program: Program,
    from: TrainerState,
    opts: TrainerSessionOptions = {},
  ): Promise<Trainer> {
    return Trainer.open(program, from, opts);
  }

  private static async open(
    program: Program,
    from: TrainerState,
    opts: TrainerSessionOptions,
  ): Promise<Trainer> {
    if (program.kind !== 'train') throw new TypeError(`Trainer needs a train program, got ${program.kind}`);
    const settings = { float64: program.dtype === 'float64', ...opts.settings };
    const session = await (opts.factory ?? createLocalSession)(program.onnx, settings);
    const t = new Trainer(program, session);
    t.restore(from.state);
    t.steps = from.steps;
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

  /** The full train-step state (parameters and optimiser slots by input name), e.g. for a checkpoint. */
  snapshot(): TensorMap {
    return { ...this.state };
  }

  /**
   * Replaces the state with `state` (a {@link snapshot} or a checkpoint's), which must hold every parameter and
   * slot input of the program. The step count is unchanged.
   */
  restore(state: TensorMap): void {
    const next: Record<string, HostTensor> = {};
    for (const k of [...this.program.paramNames.map(paramInput), ...this.program.stateNames]) {
      const t = state[k];
      if (!t) throw new TypeError(`trainer state lacks ${k}`);
      next[k] = t;
    }
    this.state = next;
  }

  /**
   * Runs one step on `batch` with learning rate `lr` and returns its outputs before they change anything: the
   * caller commits them or discards them (e.g. a non-finite loss). No other step may start until it is settled.
   */
  async tryStep(batch: TensorMap, lr: number): Promise<PendingStep> {
    if (this.pending) throw new TypeError('Trainer: the previous step is neither committed nor discarded');
    this.pending = true;
    const n = this.steps + 1;
    const scalar = (v: number) => hostTensor(this.program.dtype, [], [v]);
    let out: TensorMap;
    try {
      out = await this.session.run({ ...batch, ...this.state, lr: scalar(lr), step: scalar(n) });
    } catch (e) {
      this.pending = false;
      throw e;
    }
    const predictions: Record<string, HostTensor> = {};
    for (const [k, v] of Object.entries(out)) if (k.startsWith('pred.')) predictions[k.slice(5)] = v;
    const r: StepResult = {
      step: n,
      loss: Number(out.loss!.data[0]),
      gradNorm: Number(out.grad_norm!.data[0]),
      predictions,
    };
    let settled = false;
    const settle = () => {
      if (settled) throw new TypeError(`Trainer: step ${n} is already settled`);
      settled = true;
      this.pending = false;
      this.steps = n;
    };
    return {
      ...r,
      finite: Number.isFinite(r.loss) && Number.isFinite(r.gradNorm),
      commit: () => {
        settle();
        for (const k of Object.keys(this.state)) this.state[k] = out[nextOutput(k)]!;
        this.emit('step', r);
        return r;
      },
      discard: settle,
    };
  }

  /** One step on `batch` (inputs and targets by name) with learning rate `lr`, committed whatever its loss. */
  async step(batch: TensorMap, lr: number): Promise<StepResult> {
    return (await this.tryStep(batch, lr)).commit();
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
