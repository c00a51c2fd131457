/**
 * The in-process TaskRunner on @compass/sdk's training entry points (createTaskTrainingJob: TrainingJob for the
 * COMPASS ViSNet, RF-Score training, GIGN fine-tuning): dataset by id, work under the data dir, models registered.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isTrainingError } from '@compass/sdk/engine';
import { type Logger } from 'pino';
import { type ModelManager } from '../inference/model-manager.js';
import { type Task } from '../storage/records.js';
import { type Storage } from '../storage/storage.js';
import { type RunContext, type TaskRunner } from '../tasks/runner.js';
import { reportTrainingJob } from './job-report.js';
import { taskTrainingInput } from './task-training-input.js';
import { createTaskTrainingJob } from './task-training-job.js';
import { sdkTrainingJobs, type TrainingJobFactory, type TrainingJobHandle } from './training-job-factory.js';

/** Options of {@link SdkTaskRunner}. */
export interface SdkTaskRunnerOptions {
  readonly dataDir: string;
  readonly storage: Storage;
  /** Registers each finished run's model package (stable id from its card). */
  readonly models: Pick<ModelManager, 'registerDir'>;
  /** Train in a worker thread so requests stay fast (default true). */
  readonly useWorker?: boolean;
  readonly logger?: Logger;
  /** Where runs come from (default: the SDK's TrainingJob). */
  readonly jobs?: TrainingJobFactory;
}

interface ActiveRun {
  readonly job: TrainingJobHandle;
  ctx: RunContext;
  stopping: boolean;
  detach: () => void;
}

/**
 * Trains tasks in this process with the sdk's TrainingJob. The task's `datasetId` selects the uploaded dataset's
 * extracted folder; work and checkpoints go to `<dataDir>/training/<taskId>/`. Pause, resume and stop act before
 * the next step. After a restart a task whose folder has a checkpoint is resumable (resume continues from it);
 * a finished run's package is registered as a model and its id reported. {@link shutdown} stops every run with a
 * checkpoint and leaves the tasks to be recovered as paused.
 *
 * RF-Score and GIGN runs keep no checkpoint: after a restart their tasks fail with the recovery reason ("server
 * restarted while the task was running", as a ViSNet task without a checkpoint does) and are trained again by a
 * new task. An RF-Score run pauses between trees (in this process only); a GIGN fine-tuning run cannot pause.
 */
export class SdkTaskRunner implements TaskRunner {
  private readonly runs = new Map<string, ActiveRun>();
  private readonly jobs: TrainingJobFactory;

  constructor(private readonly options: SdkTaskRunnerOptions) {
    this.jobs = options.jobs ?? sdkTrainingJobs;
  }

  /** Work folder of a task's run. */
  workDir(taskId: string): string {
    return join(this.options.dataDir, 'training', taskId);
  }

  async start(task: Task, ctx: RunContext): Promise<void> {
    const input = await taskTrainingInput(task, this.options.storage, this.options.dataDir);
    const job = await createTaskTrainingJob(
      {
        ...input,
        workDir: this.workDir(task.id),
        useWorker: this.options.useWorker ?? true,
        modelName: task.name,
        ...(task.config.description ? { modelDescription: task.config.description } : {}),
      },
      this.jobs,
    );
    this.attach(task, job, ctx);
    job.start();
  }

  async pause(task: Task): Promise<void> {
    this.runs.get(task.id)?.job.pause();
  }

  async resume(task: Task, ctx: RunContext): Promise<void> {
    const run = this.runs.get(task.id);
    if (run && run.job.state === 'paused') {
      run.detach();
      this.attach(task, run.job, ctx);
      run.job.resume();
      return;
    }
    run?.detach();
    const job = await this.jobs.resumeFrom(this.workDir(task.id), {
      useWorker: this.options.useWorker ?? true,
    });
    this.attach(task, job, ctx);
    job.start();
  }

  async stop(task: Task): Promise<void> {
    const run = this.runs.get(task.id);
    if (!run) return;
    run.stopping = true;
    run.job.stop();
  }

  hasCheckpoint(task: Task): boolean {
    const dir = this.workDir(task.id);
    if (!existsSync(join(dir, 'job.json'))) return false;
    const ckpt = join(dir, 'checkpoints');
    return existsSync(ckpt) && readdirSync(ckpt).length > 0;
  }

  /** Stops every run with a checkpoint (server shutdown) and waits for them; their tasks stay resumable. */
  async shutdown(): Promise<void> {
    const runs = [...this.runs.values()];
    for (const r of runs) {
      r.detach();
      r.job.stop();
    }
    await Promise.allSettled(runs.map((r) => r.job.done));
    this.runs.clear();
  }

  private attach(task: Task, job: TrainingJobHandle, ctx: RunContext): void {
    const report = ctx.report;
    let attached = true;
    const stopReporting = reportTrainingJob(job, {
      log: (level, message) => void report.log(level, message).catch(() => undefined),
      epoch: (epoch, values, progress) =>
        void report.epoch(epoch, { ...values }, progress).catch(() => undefined),
    });
    const run: ActiveRun = {
      job,
      ctx,
      stopping: false,
      detach: () => {
        attached = false;
        stopReporting();
      },
    };
    this.runs.set(task.id, run);
    // Shutdown: stop with a checkpoint but report nothing, so the task is recovered (as paused) on restart.
    ctx.signal.addEventListener('abort', () => {
      if (!run.stopping && attached) {
        run.detach();
        job.stop();
      }
    });
    // The task may already be final (stopped while paused): a report it no longer accepts is dropped.
    const settle = (f: () => Promise<void>) =>
      f().catch((e: unknown) => this.options.logger?.debug({ err: e }, 'late report'));
    job.done.then(
      (result) =>
        settle(async () => {
          if (!attached) return;
          this.runs.delete(task.id);
          let modelId: string;
          try {
            modelId = (await this.options.models.registerDir(result.modelDir, { name: task.name })).id;
          } catch (e) {
            await report.failed(
              `training finished but its model could not be registered: ${(e as Error).message}`,
            );
            return;
          }
          await report.log('info', `registered model ${modelId}`);
          await report.succeeded(modelId);
        }),
      (e: unknown) =>
        settle(async () => {
          if (!attached) return;
          this.runs.delete(task.id);
          if (isTrainingError(e) && e.code === 'TRAINING_CANCELLED') await report.stopped();
          else await report.failed(e instanceof Error ? e.message : String(e));
        }),
    );
  }
}
