/** What a training run reports: step, epoch, metrics, checkpoint and log events, and its final result. */
import type { RegressionMetrics } from './metrics.js';
import type { CheckpointReason } from './checkpoint.js';

/** States of a {@link TrainingJob}. */
export type TrainingState =
  'queued' | 'running' | 'paused' | 'cancelling' | 'cancelled' | 'succeeded' | 'failed';

/** One optimisation step. `progress` is the fraction of all planned steps done (0..1). */
export interface StepEvent {
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
  readonly gradNorm: number;
  readonly lr: number;
  readonly progress: number;
  /** True when the step's loss or gradient was not finite and the batch was skipped. */
  readonly skipped: boolean;
}

/** The end of an epoch. */
export interface EpochEvent {
  readonly epoch: number;
  readonly epochs: number;
  /** Mean training loss over the epoch's steps (standardised units). */
  readonly trainLoss: number;
  readonly validation?: RegressionMetrics;
  readonly lr: number;
  readonly best: boolean;
  readonly seconds: number;
}

/** Metrics on a split, in pK. */
export interface MetricsEvent {
  readonly split: 'train' | 'validation' | 'test';
  readonly epoch: number;
  readonly metrics: RegressionMetrics;
}

/** A checkpoint was written. */
export interface CheckpointEvent {
  readonly path: string;
  readonly reason: CheckpointReason;
  readonly step: number;
  readonly epoch: number;
}

/** A human-readable line. */
export interface LogEvent {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
}

/** What a finished run produced. */
export interface TrainingResult {
  /** The saved model package (workDir/model). */
  readonly modelDir: string;
  readonly metrics: {
    readonly train?: RegressionMetrics;
    readonly validation?: RegressionMetrics;
    readonly test?: RegressionMetrics;
  };
  readonly epochsRun: number;
  readonly steps: number;
  /** Ids of the complexes of every batch skipped for a non-finite loss, by step. */
  readonly nanBatches: readonly { step: number; ids: string[] }[];
  readonly target: { readonly mean: number; readonly std: number };
  readonly counts: {
    readonly train: number;
    readonly validation: number;
    readonly test: number;
    readonly skipped: number;
  };
}

/** Event map of a {@link TrainingJob} (eventemitter3). */
export interface TrainingJobEvents {
  state: (state: TrainingState, previous: TrainingState) => void;
  epoch: (e: EpochEvent) => void;
  step: (e: StepEvent) => void;
  metrics: (e: MetricsEvent) => void;
  checkpoint: (e: CheckpointEvent) => void;
  log: (e: LogEvent) => void;
}

/** Any event of a run, as passed between a worker and its job. */
export type RunEvent =
  | { readonly type: 'epoch'; readonly data: EpochEvent }
  | { readonly type: 'step'; readonly data: StepEvent }
  | { readonly type: 'metrics'; readonly data: MetricsEvent }
  | { readonly type: 'checkpoint'; readonly data: CheckpointEvent }
  | { readonly type: 'log'; readonly data: LogEvent };
