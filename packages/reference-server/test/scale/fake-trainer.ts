/** A TrainingJob stand-in with the SDK's public type (TrainingJobHandle), quick enough to test the `train` handler. */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  RegressionMetrics,
  TrainingJobEvents,
  TrainingJobOptions,
  TrainingResult,
  TrainingState,
} from '@compass/sdk/engine';
import { EventEmitter } from 'eventemitter3';
import type { TrainingJobFactory, TrainingJobHandle } from '../../src/training/training-job-factory.js';

interface Config {
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly stepMs: number;
}

/** Regression metrics with this RMSE; the figures a two-item split cannot define are NaN, as in the SDK. */
const metricsOf = (rmse: number): RegressionMetrics => ({
  n: 2,
  rmse,
  mae: rmse / 2,
  pearson: Number.NaN,
  spearman: Number.NaN,
  kendall: Number.NaN,
});

/** Steps with timers, checkpoints `state.json` atomically after each step, writes `model/` at the end. */
export class FakeTrainingJob extends EventEmitter<TrainingJobEvents> implements TrainingJobHandle {
  state: TrainingState = 'queued';
  step = 0;
  private wantPause = false;
  private wantStop = false;
  readonly done: Promise<TrainingResult>;
  private finish!: (r: TrainingResult) => void;
  private fail!: (e: Error) => void;

  private constructor(
    private readonly config: Config,
    private readonly workDir: string,
  ) {
    super();
    this.done = new Promise((res, rej) => {
      this.finish = res;
      this.fail = rej;
    });
    this.done.catch(() => undefined);
  }

  static async create(o: TrainingJobOptions): Promise<FakeTrainingJob> {
    mkdirSync(o.workDir, { recursive: true });
    // A real TrainingConfig has no pace: run it as 2 quick steps per epoch. `created.json` shows tests the input.
    const config = { stepsPerEpoch: 2, stepMs: 5, ...(o.config as Partial<Config>) } as Config;
    writeFileSync(join(o.workDir, 'config.json'), JSON.stringify(config));
    writeFileSync(join(o.workDir, 'created.json'), JSON.stringify(o));
    return new FakeTrainingJob(config, o.workDir);
  }

  static async resumeFrom(workDir: string): Promise<FakeTrainingJob> {
    const job = new FakeTrainingJob(
      JSON.parse(readFileSync(join(workDir, 'config.json'), 'utf8')) as Config,
      workDir,
    );
    const ckpt = join(workDir, 'state.json');
    if (existsSync(ckpt)) job.step = (JSON.parse(readFileSync(ckpt, 'utf8')) as { step: number }).step;
    return job;
  }

  get progress(): number {
    return this.step / (this.config.epochs * this.config.stepsPerEpoch);
  }

  start(): this {
    appendFileSync(join(this.workDir, 'runs.log'), `start ${this.step}\n`);
    this.setState('running');
    void this.loop();
    return this;
  }
  pause(): void {
    this.wantPause = true;
  }
  resume(): void {
    this.wantPause = false;
    if (this.state === 'paused') this.setState('running');
  }
  stop(): void {
    this.wantStop = true;
  }

  private setState(s: TrainingState): void {
    const previous = this.state;
    this.state = s;
    this.emit('state', s, previous);
  }

  private async loop(): Promise<void> {
    const { epochs, stepsPerEpoch } = this.config;
    const total = epochs * stepsPerEpoch;
    this.emit('log', { level: 'info', message: `training from step ${this.step}` });
    while (this.step < total) {
      if (this.wantStop) {
        this.setState('cancelled');
        return this.fail(new Error('cancelled'));
      }
      if (this.wantPause) {
        if (this.state !== 'paused') this.setState('paused');
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      await new Promise((r) => setTimeout(r, this.config.stepMs));
      this.step++;
      const epoch = Math.ceil(this.step / stepsPerEpoch) - 1;
      const tmp = join(this.workDir, 'state.json.tmp');
      writeFileSync(tmp, JSON.stringify({ step: this.step }));
      renameSync(tmp, join(this.workDir, 'state.json'));
      this.emit('checkpoint', {
        path: join(this.workDir, 'state.json'),
        reason: 'steps',
        step: this.step,
        epoch,
      });
      const loss = 1 / (epoch + 1);
      this.emit('step', {
        step: this.step,
        epoch,
        loss,
        gradNorm: 1,
        lr: 0.001,
        progress: this.progress,
        skipped: false,
      });
      if (this.step % stepsPerEpoch === 0) {
        // As the SDK: the epoch's validation metrics first, then the epoch; here a test score after each epoch.
        const validation = metricsOf(2 - epoch / 2);
        this.emit('metrics', { split: 'validation', epoch, metrics: validation });
        this.emit('epoch', { epoch, epochs, trainLoss: loss, validation, lr: 0.001, best: true, seconds: 0 });
        this.emit('metrics', { split: 'test', epoch, metrics: metricsOf(3) });
      }
    }
    const modelDir = join(this.workDir, 'model');
    mkdirSync(modelDir, { recursive: true });
    this.setState('succeeded');
    this.finish({
      modelDir,
      metrics: { test: metricsOf(3) },
      epochsRun: epochs,
      steps: total,
      nanBatches: [],
      target: { mean: 0, std: 1 },
      counts: { train: 2, validation: 2, test: 2, skipped: 0 },
    });
  }
}

/** {@link FakeTrainingJob} as the runners' factory (type-checked against the SDK's TrainingJob shape). */
export const fakeTrainingJobs: TrainingJobFactory = FakeTrainingJob;

const TEST_SCORES = { 'test.n': 2, 'test.rmse': 3, 'test.mae': 1.5 };

/**
 * The last metrics record per epoch of a 3-epoch {@link FakeTrainingJob} run, as both runners must store it (one
 * adapter): the epoch's `trainLoss`, `lr` and `validation.*`, and the `test.*` scores; NaN figures left out.
 */
export const FAKE_RUN_RECORDS: readonly (readonly [number, Readonly<Record<string, number>>])[] = [
  [
    0,
    { trainLoss: 1, lr: 0.001, 'validation.n': 2, 'validation.rmse': 2, 'validation.mae': 1, ...TEST_SCORES },
  ],
  [
    1,
    {
      trainLoss: 0.5,
      lr: 0.001,
      'validation.n': 2,
      'validation.rmse': 1.5,
      'validation.mae': 0.75,
      ...TEST_SCORES,
    },
  ],
  [
    2,
    {
      trainLoss: 1 / 3,
      lr: 0.001,
      'validation.n': 2,
      'validation.rmse': 1,
      'validation.mae': 0.5,
      ...TEST_SCORES,
    },
  ],
];
