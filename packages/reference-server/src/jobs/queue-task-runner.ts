/** A TaskRunner that trains through a JobQueue, so training runs on `compass-worker` machines (or job threads). */
import { relative } from 'node:path';
import { ScaleError } from './errors.js';
import { FINAL_JOB_STATES, type JobEvent, type JobQueue } from './job.js';
import type { SdkTrainingData } from './sdk-training.js';
import type { Task } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import type { RunContext, TaskRunner } from '../tasks/runner.js';
import { taskTrainingInput } from '../training/task-training-input.js';

/** Options of {@link QueueTaskRunner}. */
export interface QueueTaskRunnerOptions {
  /** Job kind the workers train with (default `train`). */
  readonly kind?: string;
  /**
   * The server's data directory (shared with the workers) and store: the default {@link jobData} looks up the
   * task's dataset in them. Required unless `jobData` is given.
   */
  readonly dataDir?: string;
  readonly storage?: Storage;
  /**
   * The job's input for a task (may be async). Default: {@link queueTrainingData}, the SDK training input
   * (`sdkTrainingSchema`) the in-process trainer would use, so workers train the task for real.
   */
  readonly jobData?: (task: Task) => unknown;
  /** Runs a training job may take when workers die (default 3). */
  readonly attempts?: number;
  /** How long `pause` waits for the worker to reach a safe point (default 60 s). */
  readonly pauseTimeoutMs?: number;
}

/** The job id of a task's training run: the same on every server, so any server can control it. */
export function trainingJobId(taskId: string): string {
  return `train-${taskId}`;
}

/**
 * The `train` job input for a task: the same TrainingConfig and dataset the in-process SdkTaskRunner trains with,
 * the dataset given relative to the data directory so workers that mount it elsewhere find it. Rejects like the
 * in-process runner when the task names no dataset or it is not ready.
 */
export async function queueTrainingData(
  task: Task,
  storage: Storage,
  dataDir: string,
): Promise<SdkTrainingData> {
  const { config, dataset, init, ...rest } = await taskTrainingInput(task, storage, dataDir);
  return {
    taskId: task.id,
    trainingConfig: config,
    dataset: relative(dataDir, dataset),
    modelName: task.name,
    ...(task.config.description ? { modelDescription: task.config.description } : {}),
    ...rest,
    notes: [...rest.notes],
    ...(init !== undefined ? { init: init.startsWith(dataDir) ? relative(dataDir, init) : init } : {}),
  };
}

/**
 * {@link TaskRunner} over a {@link JobQueue}. The server that starts (or resumes) a task forwards the job's logs,
 * metrics and end to that task's reporter, which writes them to the shared store, so every server sees them.
 * Pause, resume and stop work from any server because they go through the queue by the task's job id; a pause
 * detaches every server's reporter and the server that resumes attaches its own. Checkpoints are kept per task,
 * so a task resumed after a restart continues on whichever worker takes it.
 *
 * @example
 * const storage = await createStorage('postgres://db/compass');
 * const queue = await createJobQueue({ url: 'redis://redis:6379', dataDir });
 * await startServer({ dataDir, storage, runner: new QueueTaskRunner(queue, { dataDir, storage }) });
 */
export class QueueTaskRunner implements TaskRunner {
  private readonly runs = new Map<string, { ctx: RunContext; progress: number }>();
  private readonly listener = (e: JobEvent) => void this.onEvent(e);

  constructor(
    readonly queue: JobQueue,
    private readonly options: QueueTaskRunnerOptions = {},
  ) {
    queue.on('event', this.listener);
  }

  async start(task: Task, ctx: RunContext): Promise<void> {
    await this.submit(task, ctx);
  }

  async pause(task: Task): Promise<void> {
    const id = trainingJobId(task.id);
    const paused = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.queue.off('event', on);
        reject(new ScaleError('JOB_TIMEOUT', `training job ${id} did not reach a safe point to pause`));
      }, this.options.pauseTimeoutMs ?? 60_000);
      const on = (e: JobEvent) => {
        if (e.jobId !== id || !(e.type === 'end' || (e.type === 'state' && e.state === 'paused'))) return;
        clearTimeout(timer);
        this.queue.off('event', on);
        resolve();
      };
      this.queue.on('event', on);
    });
    await this.queue.pause(id);
    await paused;
  }

  async resume(task: Task, ctx: RunContext): Promise<void> {
    const id = trainingJobId(task.id);
    const info = await this.queue.get(id);
    if (info && !FINAL_JOB_STATES.includes(info.state)) {
      this.runs.set(task.id, { ctx, progress: info.progress });
      await this.queue.resume(id);
      return;
    }
    // The job is gone (a restart, or it was stopped at its checkpoint): a new job continues from the checkpoint.
    await this.submit(task, ctx);
  }

  async stop(task: Task): Promise<void> {
    const id = trainingJobId(task.id);
    const info = await this.queue.get(id);
    if (!info || FINAL_JOB_STATES.includes(info.state)) {
      const run = this.runs.get(task.id);
      this.runs.delete(task.id);
      await run?.ctx.report.stopped();
      return;
    }
    await this.queue.stop(id);
  }

  hasCheckpoint(task: Task): Promise<boolean> {
    return this.queue.hasCheckpoint(`task-${task.id}`);
  }

  /** Stops forwarding events; the queue stays open (its owner closes it). */
  detach(): void {
    this.queue.off('event', this.listener);
    this.runs.clear();
  }

  private async submit(task: Task, ctx: RunContext): Promise<void> {
    const data = await this.jobData(task);
    this.runs.set(task.id, { ctx, progress: task.progress });
    await this.queue.submit({
      kind: this.options.kind ?? 'train',
      id: trainingJobId(task.id),
      checkpointKey: `task-${task.id}`,
      attempts: this.options.attempts ?? 3,
      data,
    });
  }

  private async jobData(task: Task): Promise<unknown> {
    const { jobData, dataDir, storage } = this.options;
    if (jobData) return jobData(task);
    if (dataDir === undefined || !storage)
      throw new ScaleError(
        'JOB_INPUT_INVALID',
        'QueueTaskRunner needs `dataDir` and `storage` (or a `jobData` function) to build a training job',
      );
    return queueTrainingData(task, storage, dataDir);
  }

  private async onEvent(e: JobEvent): Promise<void> {
    if (!e.jobId.startsWith('train-')) return;
    const taskId = e.jobId.slice('train-'.length);
    const run = this.runs.get(taskId);
    if (!run) return;
    const report = run.ctx.report;
    try {
      if (e.type === 'progress') run.progress = e.progress;
      else if (e.type === 'log') await report.log(e.level, e.message);
      else if (e.type === 'metrics') await report.epoch(e.step, { ...e.values }, run.progress);
      else if (e.type === 'state' && e.state === 'paused') this.runs.delete(taskId);
      else if (e.type === 'end') {
        this.runs.delete(taskId);
        if (e.state === 'completed') {
          const modelId = (e.result as { modelId?: unknown } | undefined)?.modelId;
          await report.succeeded(typeof modelId === 'string' ? modelId : null);
        } else if (e.state === 'failed') await report.failed(e.error ?? 'training job failed');
        else await report.stopped();
      }
    } catch {
      // A report can lose a race with another server's transition (e.g. a stop); the stored state stays right.
    }
  }
}
