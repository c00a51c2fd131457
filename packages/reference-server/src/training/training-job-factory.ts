/** The part of @compass/sdk's TrainingJob the server's runners drive, and the factory that makes one. */
import { TrainingJob, type TrainingJobEvents, type TrainingJobOptions } from '@compass/sdk/engine';
import { type EventEmitter } from 'eventemitter3';

/**
 * A training run as the in-process runner and the `train` job handler drive it: TrainingJob's own public members
 * (its event map, state, progress, `done`, pause/resume/stop). `start` returns nothing the runners use.
 */
export type TrainingJobHandle = Pick<EventEmitter<TrainingJobEvents>, 'on' | 'off'> &
  Pick<TrainingJob, 'state' | 'progress' | 'done' | 'pause' | 'resume' | 'stop'> & {
    start(): unknown;
  };

/**
 * Makes training runs: {@link TrainingJob} itself ({@link sdkTrainingJobs}), or a stand-in with the same public
 * type in tests.
 */
export interface TrainingJobFactory {
  create(opts: TrainingJobOptions): Promise<TrainingJobHandle>;
  resumeFrom(workDir: string, opts?: { useWorker?: boolean }): Promise<TrainingJobHandle>;
}

/** The SDK's TrainingJob as a {@link TrainingJobFactory} (the default of both runners). */
export const sdkTrainingJobs: TrainingJobFactory = TrainingJob;
