/** The job interface: what a job is, what its handler sees, and what every queue engine (in-process, BullMQ) offers. */
import type { EventEmitter } from 'eventemitter3';
import type { TaskLogEntry } from '../storage/records.js';

/** A job to run. `id` makes submission idempotent: submitting a live id again returns it unchanged. */
export interface JobSpec<D = unknown> {
  /** Handler name, e.g. `train` or `score-chunk`. */
  readonly kind: string;
  /** JSON-serialisable input of the handler. */
  readonly data: D;
  readonly id?: string;
  /** Runs a crashed or failed job may take in all (default 3). */
  readonly attempts?: number;
  /** Checkpoints are kept under this key (default the job id), so a resubmitted job resumes an earlier one's work. */
  readonly checkpointKey?: string;
}

/** Where a job is in its life. `stopped` is final: stopped on request, never retried. */
export type JobState = 'waiting' | 'active' | 'paused' | 'completed' | 'failed' | 'stopped';

/** States a job never leaves. */
export const FINAL_JOB_STATES: readonly JobState[] = ['completed', 'failed', 'stopped'];

/** The machine a worker runs on, as it declares itself. */
export interface WorkerIdentity {
  readonly id: string;
  /** Execution provider the worker's models run on (`cpu`, `cuda`...). */
  readonly provider: string;
  /** Device in words, e.g. `cpu:16` or `cuda:0`. */
  readonly device: string;
}

/** One run of a job: which worker took it, and whether it resumed from a checkpoint. */
export interface JobAttempt {
  readonly attempt: number;
  readonly worker: string;
  readonly provider: string;
  readonly device: string;
  readonly startedAt: string;
  readonly resumed: boolean;
}

/** A job as any server sees it. */
export interface JobInfo {
  readonly id: string;
  readonly kind: string;
  readonly state: JobState;
  readonly progress: number;
  readonly attempts: readonly JobAttempt[];
  readonly result?: unknown;
  readonly error?: string;
}

/** What handlers report; every server instance receives these for every job. */
export type JobEvent =
  | { readonly type: 'state'; readonly jobId: string; readonly state: JobState; readonly worker?: string }
  | { readonly type: 'progress'; readonly jobId: string; readonly progress: number }
  | {
      readonly type: 'log';
      readonly jobId: string;
      readonly level: TaskLogEntry['level'];
      readonly message: string;
    }
  | {
      readonly type: 'metrics';
      readonly jobId: string;
      readonly step: number;
      readonly values: Readonly<Record<string, number>>;
    }
  | {
      readonly type: 'end';
      readonly jobId: string;
      readonly state: 'completed' | 'failed' | 'stopped';
      readonly result?: unknown;
      readonly error?: string;
    };

/** Events of a {@link JobQueue}: `event` carries every {@link JobEvent}. */
export interface JobQueueEvents {
  event: (e: JobEvent) => void;
}

/** A control request that reaches the worker holding the job. */
export type JobControl = 'pause' | 'resume' | 'stop';

/** What a handler gets for one attempt of one job. */
export interface JobContext<D = unknown> {
  readonly jobId: string;
  readonly kind: string;
  readonly data: D;
  /** 1 for the first run; retries after a crash count up. */
  readonly attempt: number;
  readonly worker: WorkerIdentity;
  /** The shared data directory (content store, checkpoints, results). */
  readonly dataDir: string;
  /** Aborted when the job is stopped. */
  readonly signal: AbortSignal;
  /** The last checkpoint saved by any attempt of this job, or `undefined`. */
  readonly checkpoint: unknown;
  progress(fraction: number): Promise<void>;
  log(level: TaskLogEntry['level'], message: string): Promise<void>;
  metrics(step: number, values: Record<string, number>): Promise<void>;
  /** Saves resumable state; a retry on another worker starts from the last one saved. */
  saveCheckpoint(state: unknown): Promise<void>;
  /**
   * A safe point: returns at once while running; while paused reports `paused` and waits for resume; throws
   * JOB_STOPPED once stopped. Handlers call it between steps.
   */
  yieldPoint(): Promise<void>;
  /** Called on every control request, for handlers that drive their own pause/stop (e.g. a TrainingJob). */
  onControl(listener: (action: JobControl) => void): void;
}

/** Runs one kind of job; resolves with its JSON-serialisable result. */
export type JobHandler<D = unknown, R = unknown> = (ctx: JobContext<D>) => Promise<R>;

/** Handlers by job kind. A module that exports `jobHandlers: JobHandlers` can be loaded by workers. */
export type JobHandlers = Readonly<Record<string, JobHandler<never>>>;

/**
 * Runs jobs somewhere: in worker threads of this process ({@link InProcessJobQueue}) or on `compass-worker`
 * processes pulling from Redis ({@link BullJobQueue}). Both pass one contract suite. Emits `event`
 * ({@link JobQueueEvents}) for every job, whichever server submitted it.
 */
export interface JobQueue extends EventEmitter<JobQueueEvents> {
  readonly engine: 'in-process' | 'bullmq';
  /** Queues a job; returns its id. A live job with the same id is kept; a finished one is replaced. */
  submit<D>(spec: JobSpec<D>): Promise<string>;
  get(id: string): Promise<JobInfo | undefined>;
  /** Pauses at the handler's next safe point; resolves once the request is delivered. */
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  /** Stops a job: a waiting job never starts, a running one is aborted at its next safe point. Idempotent. */
  stop(id: string): Promise<void>;
  /** Whether a checkpoint is stored under this key. */
  hasCheckpoint(key: string): Promise<boolean>;
  /** Resolves with the job once it is final (JOB_TIMEOUT after `timeoutMs`). */
  wait(id: string, timeoutMs?: number): Promise<JobInfo>;
  close(): Promise<void>;
}
