/**
 * The epoch loop of a training run on top of {@link Trainer}: shuffled batches, the learning-rate schedule, the
 * non-finite-loss policy, per-epoch validation and model selection, early stopping and checkpoints.
 */
import type { TensorMap } from '../runtime/host-tensor.js';
import { compassBatchFeeds } from '../model/feeds.js';
import { type CheckpointMeta, type CheckpointReason, writeCheckpoint } from './checkpoint.js';
import { TrainingError } from './errors.js';
import type { RunEvent } from './events.js';
import { regressionMetrics, type RegressionMetrics } from './metrics.js';
import type { PreparedRun } from './prepare-run.js';
import { predictFeatures } from './predict-features.js';
import { type PlateauState, initialPlateau, learningRateAt, stepPlateau } from './schedule.js';
import { shuffled } from './shuffle.js';

/** How the host steers a run: consulted before every step. */
export interface RunControl {
  /** Resolves 'continue' (at once, or once a pause ends) or 'stop'. */
  gate(): Promise<'continue' | 'stop'>;
}

/** A run that ended on `stop()` instead of finishing. */
export interface StoppedRun {
  readonly stopped: true;
  readonly step: number;
  readonly checkpoint: string;
}

/** Where the loop ended when it ran out of epochs or stopped early. */
export interface LoopOutcome {
  readonly stopped: false;
  /** Trainer state of the best epoch of this session (undefined when none improved, e.g. after a resume). */
  readonly bestState: TensorMap | undefined;
  /** 0-based best epoch over the whole run (-1 when none). */
  readonly bestEpoch: number;
  readonly epochsRun: number;
  readonly steps: number;
  readonly nanBatches: readonly { step: number; ids: string[] }[];
}

/**
 * The loop of one run, resumable from a checkpoint's meta. Its counters are the checkpoint's fields; `run` steps
 * until the epochs end, early stopping triggers or `control` says stop.
 *
 * @example
 * const loop = new TrainingLoop(prepared, workDir, emit);
 * const outcome = await loop.run(new StepGate());
 */
export class TrainingLoop {
  private step: number;
  private epoch: number;
  private batchInEpoch: number;
  private epochEvaluated: boolean;
  private bestMetric: number;
  private bestEpoch: number;
  private stale: number;
  private readonly plateau: PlateauState;
  private readonly nanBatches: { step: number; ids: string[] }[];
  private readonly history: Record<string, unknown>[];
  private bestState: TensorMap | undefined;
  private epochsRun: number;
  private lastLr: number;
  private readonly stepsPerEpoch: number;
  private readonly totalSteps: number;
  private readonly valFeeds = new Map<number, TensorMap>();

  constructor(
    private readonly run_: PreparedRun,
    private readonly workDir: string,
    private readonly emit: (e: RunEvent) => void,
  ) {
    const { config, train } = run_;
    const m: CheckpointMeta | undefined = run_.resumed?.meta;
    this.step = m?.step ?? 0;
    this.epoch = m?.epoch ?? 0;
    this.batchInEpoch = m?.batchInEpoch ?? 0;
    this.epochEvaluated = m?.epochEvaluated ?? false;
    this.bestMetric = m?.bestMetric ?? Number.POSITIVE_INFINITY;
    this.bestEpoch = m?.bestEpoch ?? -1;
    this.stale = m?.epochsWithoutImprovement ?? 0;
    this.plateau = m?.plateau ? { ...m.plateau } : initialPlateau();
    this.nanBatches = [...(m?.nanBatches ?? [])];
    this.history = [...(m?.history ?? [])];
    this.stepsPerEpoch = Math.ceil(train.items.length / config.batchSize);
    this.totalSteps = this.stepsPerEpoch * config.epochs;
    this.lastLr = config.learningRate;
    if (run_.resumed)
      this.log(
        `resumed from ${run_.resumed.path} at step ${this.step} (epoch ${this.epoch + 1}, batch ${this.batchInEpoch})`,
      );
    if (this.epochEvaluated) {
      this.epoch++;
      this.batchInEpoch = 0;
      this.epochEvaluated = false;
    }
    this.epochsRun = this.epoch;
  }

  private log(message: string, level: 'info' | 'warn' = 'info'): void {
    this.emit({ type: 'log', data: { level, message } });
  }

  /** Runs the remaining epochs. A stop writes a `stop` checkpoint and returns where it is. */
  async run(control: RunControl): Promise<LoopOutcome | StoppedRun> {
    const { config } = this.run_;
    for (; this.epoch < config.epochs; this.epoch++) {
      const t0 = Date.now();
      const order = shuffled(this.run_.train.items.length, config.seed * 7919 + this.epoch);
      const losses = { sum: 0, n: 0 };
      for (; this.batchInEpoch < this.stepsPerEpoch; this.batchInEpoch++) {
        if ((await control.gate()) === 'stop') {
          const checkpoint = await this.checkpoint('stop');
          this.log(`stopped at step ${this.step}; checkpoint ${checkpoint}`);
          return { stopped: true, step: this.step, checkpoint };
        }
        const bs = config.batchSize;
        const loss = await this.trainStep(order.slice(this.batchInEpoch * bs, (this.batchInEpoch + 1) * bs));
        if (loss !== undefined) {
          losses.sum += loss;
          losses.n++;
        }
      }
      if (await this.endEpoch(losses.n > 0 ? losses.sum / losses.n : Number.NaN, t0)) break;
    }
    return {
      stopped: false,
      bestState: this.bestState,
      bestEpoch: this.bestEpoch,
      epochsRun: this.epochsRun,
      steps: this.step,
      nanBatches: this.nanBatches,
    };
  }

  /** One step on the training items at `idx`: its loss when committed, undefined when skipped as non-finite. */
  private async trainStep(idx: readonly number[]): Promise<number | undefined> {
    const { config, hp, train, ys, target, trainer } = this.run_;
    const n = this.step + 1;
    const lr = learningRateAt(config, n, this.stepsPerEpoch, this.totalSteps, this.plateau);
    this.lastLr = lr;
    const feeds = compassBatchFeeds(
      idx.map((i) => train.features[i]!),
      hp,
      {
        targets: idx.map((i) => (ys[i]! - target.mean) / target.std),
        coordNoiseStd: config.coordNoiseStd,
        seed: config.seed * 1_000_003 + n,
      },
    );
    const pending = await trainer.tryStep(feeds, lr);
    const { loss, gradNorm, finite } = pending;
    this.step = n;
    if (finite) pending.commit();
    else {
      pending.discard();
      const ids = idx.map((i) => train.items[i]!.id);
      this.nanBatches.push({ step: n, ids });
      if (config.nanPolicy === 'stop') {
        await this.checkpoint('stop');
        throw new TrainingError(
          'TRAINING_NON_FINITE',
          `step ${n}: non-finite loss ${loss} in batch [${ids.join(', ')}]`,
          {
            details: { step: n, ids, loss, gradNorm },
          },
        );
      }
      this.log(`step ${n}: non-finite loss ${loss}; skipped batch [${ids.join(', ')}]`, 'warn');
    }
    this.emit({
      type: 'step',
      data: {
        step: n,
        epoch: this.epoch,
        loss,
        gradNorm,
        lr,
        progress: Math.min(1, n / this.totalSteps),
        skipped: !finite,
      },
    });
    if (config.checkpoint.everySteps > 0 && n % config.checkpoint.everySteps === 0) {
      // The checkpoint sits after this batch: a resume starts at the next one.
      this.batchInEpoch++;
      await this.checkpoint('steps');
      this.batchInEpoch--;
    }
    return finite ? loss : undefined;
  }

  /** Validation, model selection, schedule, history and checkpoints of an epoch; true to stop early. */
  private async endEpoch(trainLoss: number, t0: number): Promise<boolean> {
    const { config, hp, validation: val, target, trainer, inferSession } = this.run_;
    let validation: RegressionMetrics | undefined;
    let selectRmse = Number.NaN;
    if (val.items.length > 0) {
      const pred = await predictFeatures(
        inferSession,
        trainer.paramFeeds(),
        val.features,
        hp,
        config.batchSize * 2,
        target,
        this.valFeeds,
      );
      validation = regressionMetrics(
        pred,
        val.items.map((i) => i.label!.pK),
      );
      this.emit({ type: 'metrics', data: { split: 'validation', epoch: this.epoch, metrics: validation } });
      if (config.centreByTarget) selectRmse = regressionMetrics(pred, this.run_.validationSelect).rmse;
    }
    const score = validation ? (config.centreByTarget ? selectRmse : validation.rmse) : trainLoss;
    const best = Number.isFinite(score) && score < this.bestMetric - config.earlyStopping.minDelta;
    if (best) {
      this.bestMetric = score;
      this.bestEpoch = this.epoch;
      this.stale = 0;
      this.bestState = trainer.snapshot();
    } else this.stale++;
    if (config.schedule.kind === 'plateau' && stepPlateau(config, this.plateau, score))
      this.log(`plateau: learning rate now ${(config.learningRate * this.plateau.factor).toExponential(2)}`);
    const lr = this.lastLr;
    this.history.push({ epoch: this.epoch, trainLoss, lr, ...(validation ? { validation } : {}) });
    this.epochEvaluated = true;
    this.epochsRun = this.epoch + 1;
    const seconds = (Date.now() - t0) / 1000;
    this.emit({
      type: 'epoch',
      data: {
        epoch: this.epoch,
        epochs: config.epochs,
        trainLoss,
        ...(validation ? { validation } : {}),
        lr,
        best,
        seconds,
      },
    });
    await this.checkpoint('epoch');
    if (best) await this.checkpoint('best');
    this.batchInEpoch = 0;
    this.epochEvaluated = false;
    if (config.earlyStopping.patience > 0 && this.stale >= config.earlyStopping.patience) {
      this.log(
        `early stop after epoch ${this.epoch + 1}: no better validation RMSE for ${this.stale} epochs`,
      );
      return true;
    }
    return false;
  }

  /** Writes a checkpoint of the trainer state and the loop's counters; emits `checkpoint`. */
  private async checkpoint(reason: CheckpointReason): Promise<string> {
    const meta: CheckpointMeta = {
      reason,
      step: this.step,
      epoch: this.epoch,
      batchInEpoch: this.batchInEpoch,
      epochEvaluated: this.epochEvaluated,
      bestMetric: this.bestMetric,
      bestEpoch: this.bestEpoch,
      epochsWithoutImprovement: this.stale,
      plateau: this.plateau,
      nanBatches: this.nanBatches,
      history: this.history,
      writtenAt: new Date().toISOString(),
    };
    const keep = this.run_.config.checkpoint.keep;
    const path = await writeCheckpoint(this.workDir, this.run_.trainer.snapshot(), meta, keep);
    this.emit({ type: 'checkpoint', data: { path, reason, step: this.step, epoch: this.epoch } });
    return path;
  }
}
