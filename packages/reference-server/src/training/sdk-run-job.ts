/**
 * One SDK training call (RF-Score training, GIGN fine-tuning) driven as a {@link TrainingJobHandle}: the same
 * events, state, progress, `done` and pause/resume/stop the runners drive TrainingJob with, so both architectures
 * report through `reportTrainingJob` like the ViSNet.
 */
import {
  isRfScoreError,
  type RunControl,
  type RunEvent,
  StepGate,
  TrainingError,
  type TrainingJobEvents,
  type TrainingResult,
  type TrainingState,
} from '@compass/sdk/engine';
import { EventEmitter } from 'eventemitter3';
import { ServerError } from '../errors.js';
import { type TrainingJobHandle } from './training-job-factory.js';

/** What the wrapped call gets: its abort signal, the step gate (pause/resume/stop) and the event sink. */
export interface SdkRunControls {
  readonly signal: AbortSignal;
  readonly control: RunControl;
  readonly onEvent: (e: RunEvent) => void;
}

/** Options of {@link SdkRunJob}. */
export interface SdkRunJobOptions {
  /** What the job is, for messages (`rf-score`, `gign fine-tuning`). */
  readonly what: string;
  /** Whether the call consults `control` between steps (RF-Score between trees); otherwise pause is refused. */
  readonly pausable: boolean;
  /** Log lines emitted once the run starts. */
  readonly notes?: readonly string[];
  /** The training call; resolves with the result the task reports. */
  readonly run: (c: SdkRunControls) => Promise<TrainingResult>;
}

/**
 * A {@link TrainingJobHandle} over one SDK call. `stop` aborts the call (the run rejects with TRAINING_CANCELLED,
 * as TrainingJob's does); `pause` holds it at the next step gate when it is pausable and is refused (CONFLICT)
 * when not. There is no checkpoint: a run interrupted by a restart starts again from the beginning.
 */
export class SdkRunJob extends EventEmitter<TrainingJobEvents> implements TrainingJobHandle {
  state: TrainingState = 'queued';
  progress = 0;
  readonly done: Promise<TrainingResult>;
  private readonly abort = new AbortController();
  private readonly gate = new StepGate();
  private settle!: { resolve: (r: TrainingResult) => void; reject: (e: unknown) => void };

  constructor(private readonly options: SdkRunJobOptions) {
    super();
    this.done = new Promise<TrainingResult>((resolve, reject) => (this.settle = { resolve, reject }));
    // A run nobody awaits (stopped before anyone looked) must not surface as an unhandled rejection.
    this.done.catch(() => undefined);
  }

  private to(state: TrainingState): void {
    const previous = this.state;
    if (previous === state) return;
    this.state = state;
    this.emit('state', state, previous);
  }

  private readonly onEvent = (e: RunEvent): void => {
    if (e.type === 'step') this.progress = e.data.progress;
    switch (e.type) {
      case 'step':
        return void this.emit('step', e.data);
      case 'epoch':
        return void this.emit('epoch', e.data);
      case 'metrics':
        return void this.emit('metrics', e.data);
      case 'checkpoint':
        return void this.emit('checkpoint', e.data);
      case 'log':
        return void this.emit('log', e.data);
    }
  };

  /** Starts the call once; later calls do nothing. */
  start(): this {
    if (this.state !== 'queued') return this;
    this.to('running');
    for (const message of this.options.notes ?? []) this.emit('log', { level: 'info', message });
    void this.options.run({ signal: this.abort.signal, control: this.gate, onEvent: this.onEvent }).then(
      (r) => {
        this.progress = 1;
        this.to('succeeded');
        this.settle.resolve(r);
      },
      (e: unknown) => {
        if (this.abort.signal.aborted || (isRfScoreError(e) && e.code === 'RFSCORE_CANCELLED')) {
          this.to('cancelled');
          this.settle.reject(
            new TrainingError('TRAINING_CANCELLED', `${this.options.what} stopped; nothing was saved`, {
              cause: e,
            }),
          );
        } else {
          this.to('failed');
          this.settle.reject(e);
        }
      },
    );
    return this;
  }

  /** Holds the run before its next step; CONFLICT for a run that cannot pause. */
  pause(): void {
    if (!this.options.pausable)
      throw new ServerError(
        'CONFLICT',
        `a ${this.options.what} task cannot pause (it keeps no checkpoint); stop it, or let it finish`,
      );
    if (this.state !== 'running') return;
    this.gate.pause();
    this.to('paused');
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.gate.resume();
    this.to('running');
  }

  /** Aborts the run; `done` rejects with TRAINING_CANCELLED. */
  stop(): void {
    if (this.state === 'succeeded' || this.state === 'failed' || this.state === 'cancelled') return;
    if (this.state === 'queued') {
      this.to('cancelled');
      this.settle.reject(
        new TrainingError('TRAINING_CANCELLED', `${this.options.what} stopped before it began`),
      );
      return;
    }
    this.to('cancelling');
    this.gate.stop();
    this.abort.abort(new Error(`${this.options.what} stopped`));
  }
}
