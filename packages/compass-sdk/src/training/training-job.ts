/** TrainingJob: a training run with a state machine, events, pause/resume/stop, checkpoints and resume. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { EventEmitter } from 'eventemitter3';
import { openDatasetDir } from '../datasets/open-dataset.js';
import type { Dataset } from '../datasets/item.js';
import { moduleUrl } from '../runtime/module-url.js';
import { startModuleWorker } from '../runtime/module-worker.js';
import { parseTrainingConfig, type TrainingConfig, type TrainingConfigInput } from './config.js';
import { TrainingError, type TrainingErrorCode } from './errors.js';
import type { RunEvent, TrainingJobEvents, TrainingResult, TrainingState } from './events.js';
import { StepGate } from './run-control.js';
import { runTraining, type RunTrainingOptions, type StoppedRun } from './run-training.js';
import type { TrainingWorkerReply, TrainingWorkerRequest } from './worker-protocol.js';

/** Options of {@link TrainingJob.create}. */
export interface TrainingJobOptions {
  /** Any subset of the training config; defaults fill the rest. */
  readonly config: TrainingConfigInput;
  /** A loaded dataset, or a folder {@link openDatasetDir} can read. */
  readonly dataset: Dataset | string;
  /** Checkpoints, features, the result and the model package go here. */
  readonly workDir: string;
  /** Run in a worker thread so this thread stays responsive (default false). */
  readonly useWorker?: boolean;
  readonly modelName?: string;
  /** Description and licence for the model card. */
  readonly modelDescription?: string;
  readonly modelLicense?: string;
}

/** What job.json in the work folder holds: enough to resume the run in another process. */
interface JobFile {
  readonly config: TrainingConfig;
  readonly dataset: Dataset;
  readonly modelName: string;
  readonly modelDescription?: string;
  readonly modelLicense?: string;
}

const FINAL: ReadonlySet<TrainingState> = new Set(['cancelled', 'succeeded', 'failed']);

/** The training worker: `training-worker.js` beside the bundle, else the `.ts` source (moduleUrl() is src/runtime/). */
const TRAINING_WORKER = {
  built: ['./training-worker.js', '../training/training-worker.js'],
  source: '../training/training-worker.ts',
} as const;

/**
 * One training run. States: `queued` → `running` ⇄ `paused` → `cancelling` → `cancelled`, or `succeeded` /
 * `failed`. Events (eventemitter3): `state`, `epoch`, `step`, `metrics`, `checkpoint`, `log`
 * ({@link TrainingJobEvents}). `pause()` lets the step in progress finish and runs no more until `resume()`;
 * `stop()` takes effect before the next step and writes a checkpoint, from which {@link TrainingJob.resumeFrom}
 * continues (so does a process killed with SIGKILL, losing at most `checkpoint.everySteps` steps).
 *
 * @example
 * ```ts
 * const job = await TrainingJob.create({ config: { mode: 'smoke_test', epochs: 10 }, dataset: 'data/', workDir: 'runs/a' });
 * job.on('epoch', (e) => console.log(e.epoch, e.validation?.rmse));
 * job.start();
 * const { modelDir, metrics } = await job.done;
 * ```
 */
export class TrainingJob extends EventEmitter<TrainingJobEvents> {
  private current: TrainingState = 'queued';
  private fraction = 0;
  private readonly gate = new StepGate();
  private worker: Worker | undefined;
  private settle!: { resolve: (r: TrainingResult) => void; reject: (e: Error) => void };
  /** Settles when the run ends: the result, or a TrainingError (TRAINING_CANCELLED when stopped). */
  readonly done: Promise<TrainingResult>;

  private constructor(
    private readonly options: RunTrainingOptions,
    private readonly useWorker: boolean,
  ) {
    super();
    this.done = new Promise<TrainingResult>((resolve, reject) => (this.settle = { resolve, reject }));
    // The caller may never await `done` (e.g. after stop()); that must not be an unhandled rejection.
    this.done.catch(() => undefined);
  }

  /**
   * A queued job: validates the config, opens the dataset folder when given a path, and writes job.json.
   *
   * @throws {TrainingError} TRAINING_BAD_CONFIG; the dataset loader's typed errors.
   */
  static async create(opts: TrainingJobOptions): Promise<TrainingJob> {
    const config = parseTrainingConfig(opts.config);
    const dataset = typeof opts.dataset === 'string' ? await openDatasetDir(opts.dataset) : opts.dataset;
    const workDir = resolve(opts.workDir);
    await mkdir(workDir, { recursive: true });
    const modelName = opts.modelName ?? `compass-${config.mode}`;
    const card = {
      ...(opts.modelDescription !== undefined ? { modelDescription: opts.modelDescription } : {}),
      ...(opts.modelLicense !== undefined ? { modelLicense: opts.modelLicense } : {}),
    };
    const file: JobFile = { config, dataset, modelName, ...card };
    await writeFile(join(workDir, 'job.json'), JSON.stringify(file) + '\n');
    return new TrainingJob({ config, dataset, workDir, modelName, ...card }, opts.useWorker ?? false);
  }

  /**
   * A queued job that continues the run in `workDir` from its newest checkpoint (start it with `start()`).
   *
   * @throws {TrainingError} TRAINING_NO_CHECKPOINT when workDir holds no job or checkpoint.
   */
  static async resumeFrom(workDir: string, opts: { useWorker?: boolean } = {}): Promise<TrainingJob> {
    const dir = resolve(workDir);
    let file: JobFile;
    try {
      file = JSON.parse(await readFile(join(dir, 'job.json'), 'utf8')) as JobFile;
    } catch (e) {
      throw new TrainingError('TRAINING_NO_CHECKPOINT', `${dir}: no job.json to resume from`, { cause: e });
    }
    const config = parseTrainingConfig(file.config);
    return new TrainingJob(
      {
        config,
        dataset: file.dataset,
        workDir: dir,
        modelName: file.modelName,
        ...(file.modelDescription !== undefined ? { modelDescription: file.modelDescription } : {}),
        ...(file.modelLicense !== undefined ? { modelLicense: file.modelLicense } : {}),
        resume: true,
      },
      opts.useWorker ?? false,
    );
  }

  /** Current state. */
  get state(): TrainingState {
    return this.current;
  }

  /** Fraction of planned steps done, 0..1. */
  get progress(): number {
    return this.fraction;
  }

  /** The work folder. */
  get workDir(): string {
    return this.options.workDir;
  }

  /** The validated configuration. */
  get config(): TrainingConfig {
    return this.options.config;
  }

  /** Starts the run (once). Returns `this` for chaining. */
  start(): this {
    if (this.current !== 'queued')
      throw new TrainingError('TRAINING_BAD_STATE', `cannot start a job that is ${this.current}`);
    this.transition('running');
    const run = this.useWorker
      ? this.runInWorker()
      : runTraining(this.options, this.gate, (e) => this.relay(e));
    run.then(
      (r) => this.finish(r),
      (e: unknown) => this.fail(e),
    );
    return this;
  }

  /** Runs no further step until {@link resume} (the step in progress completes). */
  pause(): void {
    if (this.current !== 'running') return;
    this.gate.pause();
    this.post({ type: 'pause' });
    this.transition('paused');
  }

  /** Continues a paused run. */
  resume(): void {
    if (this.current !== 'paused') return;
    this.gate.resume();
    this.post({ type: 'resume' });
    this.transition('running');
  }

  /** Stops before the next step and writes a checkpoint; `done` then rejects with TRAINING_CANCELLED. */
  stop(): void {
    if (this.current === 'queued') {
      this.transition('cancelling');
      this.finish({ stopped: true, step: 0, checkpoint: '' });
      return;
    }
    if (this.current !== 'running' && this.current !== 'paused') return;
    this.gate.stop();
    this.post({ type: 'stop' });
    this.transition('cancelling');
  }

  private post(r: TrainingWorkerRequest): void {
    this.worker?.postMessage(r);
  }

  private transition(next: TrainingState): void {
    const prev = this.current;
    if (prev === next || FINAL.has(prev)) return;
    this.current = next;
    this.emit('state', next, prev);
  }

  private relay(e: RunEvent): void {
    if (e.type === 'step') this.fraction = e.data.progress;
    // eventemitter3's typed emit needs the event name and payload to match; the union guarantees it.
    (this.emit as (name: string, data: unknown) => boolean)(e.type, e.data);
  }

  private finish(r: TrainingResult | StoppedRun): void {
    if ('stopped' in r) {
      this.transition('cancelled');
      this.settle.reject(
        new TrainingError('TRAINING_CANCELLED', `training stopped at step ${r.step}`, {
          details: { step: r.step, checkpoint: r.checkpoint },
        }),
      );
      return;
    }
    this.fraction = 1;
    this.transition('succeeded');
    this.settle.resolve(r);
  }

  private fail(e: unknown): void {
    const err = e instanceof Error ? e : new Error(String(e));
    this.emit('log', { level: 'error', message: err.message });
    this.transition('failed');
    this.settle.reject(err);
  }

  private runInWorker(): Promise<TrainingResult | StoppedRun> {
    return new Promise((resolveRun, rejectRun) => {
      const w = startModuleWorker(moduleUrl(), TRAINING_WORKER);
      this.worker = w;
      let settled = false;
      w.on('message', (m: TrainingWorkerReply) => {
        if (m.type === 'event') this.relay(m.event);
        else {
          settled = true;
          if (m.type === 'done') resolveRun(m.result);
          else if (m.type === 'stopped')
            resolveRun({ stopped: true, step: m.step, checkpoint: m.checkpoint });
          else
            rejectRun(
              new TrainingError(
                (m.code.startsWith('TRAINING_') ? m.code : 'TRAINING_WORKER_FAILED') as TrainingErrorCode,
                m.message,
                { details: { ...m.details, code: m.code } },
              ),
            );
          void w.terminate();
        }
      });
      w.on('error', (e) => {
        if (!settled)
          rejectRun(
            new TrainingError('TRAINING_WORKER_FAILED', `training worker failed: ${e.message}`, { cause: e }),
          );
        settled = true;
      });
      w.on('exit', (code) => {
        if (!settled)
          rejectRun(
            new TrainingError(
              'TRAINING_WORKER_FAILED',
              `training worker exited (${code}) before the run ended`,
            ),
          );
        settled = true;
      });
      w.postMessage({ type: 'start', options: this.options } satisfies TrainingWorkerRequest);
    });
  }
}
