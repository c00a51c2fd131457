/** A TrainingJob stand-in that follows the SDK contract (HELPERS.md) closely enough to test the `train` handler. */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventEmitter } from 'eventemitter3';

interface Config {
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly stepMs: number;
}

/** Steps with timers, checkpoints `state.json` atomically after each step, writes `model/` at the end. */
export class FakeTrainingJob extends EventEmitter {
  state = 'queued';
  step = 0;
  private wantPause = false;
  private wantStop = false;
  readonly done: Promise<{ modelDir: string; epochsRun: number }>;
  private finish!: (r: { modelDir: string; epochsRun: number }) => void;
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
  }

  static create(o: {
    config: unknown;
    dataset: string;
    workDir: string;
    modelName?: string;
  }): FakeTrainingJob {
    mkdirSync(o.workDir, { recursive: true });
    // A real TrainingConfig has no pace: run it as 2 quick steps per epoch. `created.json` shows tests the input.
    const config = { stepsPerEpoch: 2, stepMs: 5, ...(o.config as Partial<Config>) } as Config;
    writeFileSync(join(o.workDir, 'config.json'), JSON.stringify(config));
    writeFileSync(join(o.workDir, 'created.json'), JSON.stringify(o));
    return new FakeTrainingJob(config, o.workDir);
  }

  static resumeFrom(workDir: string): FakeTrainingJob {
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

  start(): void {
    appendFileSync(join(this.workDir, 'runs.log'), `start ${this.step}\n`);
    this.setState('running');
    void this.loop();
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

  private setState(s: string): void {
    this.state = s;
    this.emit('state', s);
  }

  private async loop(): Promise<void> {
    const total = this.config.epochs * this.config.stepsPerEpoch;
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
      const tmp = join(this.workDir, 'state.json.tmp');
      writeFileSync(tmp, JSON.stringify({ step: this.step }));
      renameSync(tmp, join(this.workDir, 'state.json'));
      this.emit('checkpoint', { step: this.step });
      this.emit('step', { step: this.step, progress: this.progress });
      if (this.step % this.config.stepsPerEpoch === 0) {
        const epoch = this.step / this.config.stepsPerEpoch - 1;
        this.emit('epoch', {
          epoch,
          trainLoss: 1 / (epoch + 1),
          lr: 0.001,
          validation: { rmse: 2 - epoch / 2 },
        });
        this.emit('metrics', { split: 'test', epoch, metrics: { rmse: 3 } });
      }
    }
    const modelDir = join(this.workDir, 'model');
    mkdirSync(modelDir, { recursive: true });
    this.setState('succeeded');
    this.finish({ modelDir, epochsRun: this.config.epochs });
  }
}
