/** The TaskRunner interface the trainer plugs into, and the default runner used until a trainer exists. */
import { ServerError } from '../errors.js';
import { type Task, type TaskLogEntry } from '../storage/records.js';

/** What a runner reports while it trains; the task service turns each call into stored state. */
export interface TaskReporter {
  log(level: TaskLogEntry['level'], message: string): Promise<void>;
  /** Metrics at the end of an epoch; `progress` is 0..1. */
  epoch(epoch: number, values: Record<string, number>, progress: number): Promise<void>;
  /** Training finished; `modelId` names the stored model it produced. */
  succeeded(modelId: string | null): Promise<void>;
  failed(reason: string): Promise<void>;
  /** The runner stopped after a stop request. */
  stopped(): Promise<void>;
}

/** Everything a runner gets for one run. */
export interface RunContext {
  /** Aborted when the task is stopped or the server shuts down. */
  readonly signal: AbortSignal;
  readonly report: TaskReporter;
}

/**
 * Runs training tasks. `start` and `resume` resolve once the run has begun (the work continues in the
 * background and ends with `report.succeeded/failed/stopped`); they reject with TRAINER_UNAVAILABLE when
 * this runner cannot train at all, which leaves the task pending.
 */
export interface TaskRunner {
  start(task: Task, ctx: RunContext): Promise<void>;
  /** Pauses at the next safe point, writing a checkpoint; resolves once paused. */
  pause(task: Task): Promise<void>;
  resume(task: Task, ctx: RunContext): Promise<void>;
  /** Asks the run to stop; it later calls `report.stopped()`. */
  stop(task: Task): Promise<void>;
  /** Whether a checkpoint exists to resume `task` from after a restart. */
  hasCheckpoint(task: Task): boolean | Promise<boolean>;
}

const unavailable = (): never => {
  throw new ServerError(
    'TRAINER_UNAVAILABLE',
    'no trainer is installed in this server yet; tasks cannot run',
  );
};

/** The default runner until @compass/sdk's trainer lands: every start fails with TRAINER_UNAVAILABLE (503). */
export class UnavailableTaskRunner implements TaskRunner {
  async start(): Promise<void> {
    unavailable();
  }
  async pause(): Promise<void> {
    unavailable();
  }
  async resume(): Promise<void> {
    unavailable();
  }
  async stop(): Promise<void> {
    // Nothing runs, so there is nothing to stop.
  }
  hasCheckpoint(): boolean {
    return false;
  }
}
