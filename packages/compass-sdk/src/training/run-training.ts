/** The training loop: featurise once, split, standardise, step with AdamW and a schedule, evaluate, checkpoint. */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FeatureCache } from '../cache/feature-cache.js';
import type { Dataset, DatasetItem } from '../datasets/item.js';
import { excludeIds, randomSplit, targetSplit, type Split } from '../datasets/splits.js';
import type { OptimizerSpec } from '../graph/optimizers.js';
import { buildInferenceProgram, buildTrainStepProgram, nextOutput, paramInput } from '../graph/programs.js';
import { resolveHyperParams, type CompassHyperParams } from '../model/hyper-params.js';
import { compassBatchFeeds } from '../model/feeds.js';
import { createCompassModelDef } from '../model/visnet.js';
import { initParams } from '../params/init.js';
import { type HostTensor, type TensorMap, hostTensor } from '../runtime/host-tensor.js';
import { createLocalSession, type ModelSession } from '../runtime/session.js';
import type { FeaturisedComplex } from '../structure/featurise.js';
import {
  type CheckpointMeta,
  type CheckpointReason,
  latestCheckpoint,
  readCheckpoint,
  writeCheckpoint,
} from './checkpoint.js';
import type { TrainingConfig } from './config.js';
import { TrainingError } from './errors.js';
import type { RunEvent, TrainingResult } from './events.js';
import { featuriseItems } from './featurise-dataset.js';
import { regressionMetrics, type RegressionMetrics } from './metrics.js';
import { saveTrainedModel } from './model-output.js';
import { initialPlateau, learningRateAt, stepPlateau } from './schedule.js';
import { shuffled } from './shuffle.js';

/** How the host steers a run: consulted before every step. */
export interface RunControl {
  /** Resolves 'continue' (at once, or once a pause ends) or 'stop'. */
  gate(): Promise<'continue' | 'stop'>;
}

/** Inputs of {@link runTraining}. */
export interface RunTrainingOptions {
  readonly config: TrainingConfig;
  readonly dataset: Dataset;
  readonly workDir: string;
  readonly modelName: string;
  /** Free text and licence written into the model card. */
  readonly modelDescription?: string;
  readonly modelLicense?: string;
  /** Continue from the newest checkpoint in workDir. */
  readonly resume?: boolean;
}

/** A run that ended on `stop()` instead of finishing. */
export interface StoppedRun {
  readonly stopped: true;
  readonly step: number;
  readonly checkpoint: string;
}

/** The split of a dataset's labelled items that a config asks for. */
export function splitForConfig(items: readonly DatasetItem[], config: TrainingConfig): Split {
  const labelled = excludeIds(
    items.filter((i) => i.label && Number.isFinite(i.label.pK)),
    config.split.exclude,
  );
  const f = { validation: config.split.validation, test: config.split.test };
  if (config.split.kind === 'none') return { train: labelled, validation: [], test: [] };
  return config.split.kind === 'target'
    ? targetSplit(labelled, f, config.seed)
    : randomSplit(labelled, f, config.seed);
}

function optimiser(config: TrainingConfig): OptimizerSpec {
  if (config.optimiser === 'sgd') return { kind: 'sgd', momentum: 0.9, weightDecay: config.weightDecay };
  return { kind: config.optimiser, weightDecay: config.weightDecay, eps: 1e-6 };
}

const finite = (t: HostTensor | undefined) => t !== undefined && Number.isFinite(Number(t.data[0]));

/** Predictions (pK) of `features` with the inference session, in batches. */
async function predictAll(
  session: ModelSession,
  params: TensorMap,
  features: readonly FeaturisedComplex[],
  hp: CompassHyperParams,
  batchSize: number,
  target: { mean: number; std: number },
  feedCache?: Map<number, TensorMap>,
): Promise<number[]> {
  const out: number[] = [];
  for (let b = 0, k = 0; b < features.length; b += batchSize, k++) {
    let feeds = feedCache?.get(k);
    if (!feeds) {
      feeds = compassBatchFeeds(features.slice(b, b + batchSize), hp);
      feedCache?.set(k, feeds);
    }
    const r = await session.run({ ...params, ...feeds });
    for (const v of r['pred.y']!.data as Float32Array) out.push(v * target.std + target.mean);
  }
  return out;
}

/**
 * Runs (or resumes) one training run to the end, or until `control` says stop (then a `stop` checkpoint is
 * written). Events go to `emit`. At the end the best parameters are scored on train, validation and test and
 * saved as a model package in `workDir/model`.
 *
 * @throws {TrainingError} TRAINING_EMPTY_SPLIT, TRAINING_NON_FINITE (nanPolicy 'stop'), TRAINING_NO_CHECKPOINT.
 */
export async function runTraining(
  opts: RunTrainingOptions,
  control: RunControl,
  emit: (e: RunEvent) => void,
): Promise<TrainingResult | StoppedRun> {
  const { config, workDir } = opts;
  const log = (message: string, level: 'info' | 'warn' | 'error' = 'info') =>
    emit({ type: 'log', data: { level, message } });
  await mkdir(join(workDir, 'checkpoints'), { recursive: true });
  const hp = resolveHyperParams(config.mode, config.hyperParams);
  const split = splitForConfig(opts.dataset.items, config);
  log(`split: ${split.train.length} train, ${split.validation.length} validation, ${split.test.length} test`);
  const cache = new FeatureCache({ dir: join(workDir, 'features') });
  const prep = async (items: DatasetItem[], name: string) => {
    const f = await featuriseItems(items, hp, { cache });
    for (const d of f.diagnostics) log(`${name}: ${d.message}`, 'warn');
    return f;
  };
  const train = await prep(split.train, 'train');
  const val = await prep(split.validation, 'validation');
  const test = await prep(split.test, 'test');
  if (train.items.length === 0)
    throw new TrainingError(
      'TRAINING_EMPTY_SPLIT',
      `${opts.dataset.name}: no trainable items in the train split`,
    );
  const skipped = train.diagnostics.length + val.diagnostics.length + test.diagnostics.length;
  // Target standardisation from the training split only (after series centring when asked).
  const rawMean = train.items.reduce((s, i) => s + i.label!.pK, 0) / train.items.length;
  const centred = (items: readonly DatasetItem[]): number[] => {
    if (!config.centreByTarget) return items.map((i) => i.label!.pK);
    const sums = new Map<string, [number, number]>();
    for (const i of items) {
      const [s, n] = sums.get(i.target) ?? [0, 0];
      sums.set(i.target, [s + i.label!.pK, n + 1]);
    }
    return items.map((i) => {
      const [s, n] = sums.get(i.target)!;
      return i.label!.pK - s / n + rawMean;
    });
  };
  const ys = centred(train.items);
  const valSelect = centred(val.items);
  const mean = ys.reduce((s, v) => s + v, 0) / ys.length;
  const sd = Math.sqrt(ys.reduce((s, v) => s + (v - mean) ** 2, 0) / ys.length);
  const target = { mean, std: sd > 1e-6 ? sd : 1 };

  const model = createCompassModelDef(hp, { loss: config.loss, huberDelta: config.huberDelta });
  const trainProgram = buildTrainStepProgram(model, {
    optimizer: optimiser(config),
    ...(config.clipNorm > 0 ? { clipNorm: config.clipNorm } : {}),
  });
  const inferProgram = buildInferenceProgram(model);
  const settings = { intraOpThreads: config.threads };
  const trainSession = await createLocalSession(trainProgram.onnx, settings);
  const inferSession = await createLocalSession(inferProgram.onnx, settings);

  // Trainer state (parameters and optimiser slots), fed back after each step.
  let state: TensorMap = {};
  const resumed = opts.resume ? await latestCheckpoint(workDir) : undefined;
  if (resumed) state = resumed.state;
  else {
    const init = initParams(model, { seed: config.seed });
    for (const k of trainProgram.paramNames) state[paramInput(k)] = init[k]!;
    for (const s of trainProgram.stateNames) {
      const p = init[s.slice(s.indexOf('.') + 1)]!;
      state[s] = hostTensor('float32', p.dims, new Float32Array(p.data.length));
    }
  }
  const paramFeeds = (): TensorMap =>
    Object.fromEntries(trainProgram.paramNames.map((k) => [paramInput(k), state[paramInput(k)]!]));

  const bs = config.batchSize;
  const stepsPerEpoch = Math.ceil(train.items.length / bs);
  const totalSteps = stepsPerEpoch * config.epochs;
  const m = resumed?.meta;
  let step = m?.step ?? 0;
  let epoch = m?.epoch ?? 0;
  let batchInEpoch = m?.batchInEpoch ?? 0;
  let epochEvaluated = m?.epochEvaluated ?? false;
  let bestMetric = m?.bestMetric ?? Number.POSITIVE_INFINITY;
  let bestEpoch = m?.bestEpoch ?? -1;
  let stale = m?.epochsWithoutImprovement ?? 0;
  const plateau = m?.plateau ? { ...m.plateau } : initialPlateau();
  const nanBatches = [...(m?.nanBatches ?? [])];
  const history = [...(m?.history ?? [])];
  let bestState: TensorMap | undefined;
  if (resumed)
    log(`resumed from ${resumed.path} at step ${step} (epoch ${epoch + 1}, batch ${batchInEpoch})`);
  if (epochEvaluated) {
    epoch++;
    batchInEpoch = 0;
    epochEvaluated = false;
  }

  const save = async (reason: CheckpointReason): Promise<string> => {
    const meta: CheckpointMeta = {
      reason,
      step,
      epoch,
      batchInEpoch,
      epochEvaluated,
      bestMetric,
      bestEpoch,
      epochsWithoutImprovement: stale,
      plateau,
      nanBatches,
      history,
      writtenAt: new Date().toISOString(),
    };
    const path = await writeCheckpoint(workDir, state, meta, config.checkpoint.keep);
    emit({ type: 'checkpoint', data: { path, reason, step, epoch } });
    return path;
  };
  const valFeeds = new Map<number, TensorMap>();
  let epochsRun = epoch;
  let lastLr = config.learningRate;

  for (; epoch < config.epochs; epoch++) {
    const t0 = Date.now();
    const order = shuffled(train.items.length, config.seed * 7919 + epoch);
    let lossSum = 0,
      lossN = 0;
    for (; batchInEpoch < stepsPerEpoch; batchInEpoch++) {
      if ((await control.gate()) === 'stop') {
        const checkpoint = await save('stop');
        log(`stopped at step ${step}; checkpoint ${checkpoint}`);
        return { stopped: true, step, checkpoint };
      }
      const idx = order.slice(batchInEpoch * bs, (batchInEpoch + 1) * bs);
      const items = idx.map((i) => train.features[i]!);
      const targets = idx.map((i) => (ys[i]! - target.mean) / target.std);
      const n = step + 1;
      const lr = learningRateAt(config, n, stepsPerEpoch, totalSteps, plateau);
      lastLr = lr;
      const feeds = compassBatchFeeds(items, hp, {
        targets,
        coordNoiseStd: config.coordNoiseStd,
        seed: config.seed * 1_000_003 + n,
      });
      const out = await trainSession.run({
        ...feeds,
        ...state,
        lr: hostTensor('float32', [], [lr]),
        step: hostTensor('float32', [], [n]),
      });
      const loss = Number(out.loss!.data[0]);
      const gradNorm = Number(out.grad_norm!.data[0]);
      const ok = finite(out.loss) && finite(out.grad_norm);
      step = n;
      if (ok) {
        for (const k of Object.keys(state)) state[k] = out[nextOutput(k)]!;
        lossSum += loss;
        lossN++;
      } else {
        const ids = idx.map((i) => train.items[i]!.id);
        nanBatches.push({ step: n, ids });
        if (config.nanPolicy === 'stop') {
          await save('stop');
          throw new TrainingError(
            'TRAINING_NON_FINITE',
            `step ${n}: non-finite loss ${loss} in batch [${ids.join(', ')}]`,
            {
              details: { step: n, ids, loss, gradNorm },
            },
          );
        }
        log(`step ${n}: non-finite loss ${loss}; skipped batch [${ids.join(', ')}]`, 'warn');
      }
      emit({
        type: 'step',
        data: { step: n, epoch, loss, gradNorm, lr, progress: Math.min(1, n / totalSteps), skipped: !ok },
      });
      if (config.checkpoint.everySteps > 0 && n % config.checkpoint.everySteps === 0) {
        batchInEpoch++;
        await save('steps');
        batchInEpoch--;
      }
    }
    // End of epoch: validation, best, schedule, early stopping.
    let validation: RegressionMetrics | undefined;
    let selectRmse = Number.NaN;
    if (val.items.length > 0) {
      const pred = await predictAll(inferSession, paramFeeds(), val.features, hp, bs * 2, target, valFeeds);
      validation = regressionMetrics(
        pred,
        val.items.map((i) => i.label!.pK),
      );
      emit({ type: 'metrics', data: { split: 'validation', epoch, metrics: validation } });
      if (config.centreByTarget) selectRmse = regressionMetrics(pred, valSelect).rmse;
    }
    const trainLoss = lossN > 0 ? lossSum / lossN : Number.NaN;
    const score = validation ? (config.centreByTarget ? selectRmse : validation.rmse) : trainLoss;
    const best = Number.isFinite(score) && score < bestMetric - config.earlyStopping.minDelta;
    if (best) {
      bestMetric = score;
      bestEpoch = epoch;
      stale = 0;
      bestState = { ...state };
    } else stale++;
    if (config.schedule.kind === 'plateau' && stepPlateau(config, plateau, score))
      log(`plateau: learning rate now ${(config.learningRate * plateau.factor).toExponential(2)}`);
    history.push({ epoch, trainLoss, lr: lastLr, ...(validation ? { validation } : {}) });
    epochEvaluated = true;
    epochsRun = epoch + 1;
    emit({
      type: 'epoch',
      data: {
        epoch,
        epochs: config.epochs,
        trainLoss,
        ...(validation ? { validation } : {}),
        lr: lastLr,
        best,
        seconds: (Date.now() - t0) / 1000,
      },
    });
    await save('epoch');
    if (best) await save('best');
    batchInEpoch = 0;
    epochEvaluated = false;
    if (config.earlyStopping.patience > 0 && stale >= config.earlyStopping.patience) {
      log(`early stop after epoch ${epoch + 1}: no better validation RMSE for ${stale} epochs`);
      break;
    }
  }

  // Final scoring with the best parameters (the last ones when no epoch improved, e.g. after a resume).
  if (bestState) state = bestState;
  else if (bestEpoch >= 0) {
    state = (await readCheckpoint(join(workDir, 'checkpoints', 'best.ckpt')).catch(() => ({ state }))).state;
  }
  const score = async (f: typeof train) =>
    f.items.length === 0
      ? undefined
      : regressionMetrics(
          await predictAll(inferSession, paramFeeds(), f.features, hp, bs * 2, target),
          f.items.map((i) => i.label!.pK),
        );
  const metrics = { train: await score(train), validation: await score(val), test: await score(test) };
  for (const s of ['train', 'validation', 'test'] as const) {
    const mt = metrics[s];
    if (mt) emit({ type: 'metrics', data: { split: s, epoch: epochsRun - 1, metrics: mt } });
  }
  await trainSession.release();
  await inferSession.release();
  const params = Object.fromEntries(trainProgram.paramNames.map((k) => [k, state[paramInput(k)]!]));
  const hash = createHash('sha256');
  for (const i of [...train.items, ...val.items, ...test.items])
    hash.update(`${i.id}\0${i.label!.pK}\0${i.proteinPath}\0${i.ligandPath}\0${i.ligandRecord}\n`);
  const modelDir = await saveTrainedModel(join(workDir, 'model'), {
    name: opts.modelName,
    ...(opts.modelDescription !== undefined ? { description: opts.modelDescription } : {}),
    ...(opts.modelLicense !== undefined ? { license: opts.modelLicense } : {}),
    hyperParams: hp,
    params,
    target,
    datasets: [
      {
        name: opts.dataset.name,
        count: train.items.length + val.items.length + test.items.length,
        contentHash: hash.digest('hex'),
      },
    ],
    epochs: epochsRun,
    training: {
      mode: config.mode,
      steps: step,
      split: {
        ...config.split,
        train: train.items.length,
        validation: val.items.length,
        test: test.items.length,
      },
      loss: config.loss,
      optimiser: config.optimiser,
      learningRate: config.learningRate,
      schedule: config.schedule.kind,
      seed: config.seed,
      coordNoiseStd: config.coordNoiseStd,
      centreByTarget: config.centreByTarget,
      bestEpoch: bestEpoch + 1,
      ...(config.split.kind === 'target'
        ? {
            validationTargets: [...new Set(val.items.map((i) => i.target))].sort(),
            testTargets: [...new Set(test.items.map((i) => i.target))].sort(),
          }
        : {}),
    },
    metrics: {
      ...(metrics.validation ? { validation: metrics.validation } : {}),
      ...(metrics.test ? { test: metrics.test } : {}),
      ...(metrics.train ? { train: metrics.train } : {}),
    },
  });
  const result: TrainingResult = {
    modelDir,
    metrics: {
      ...(metrics.train ? { train: metrics.train } : {}),
      ...(metrics.validation ? { validation: metrics.validation } : {}),
      ...(metrics.test ? { test: metrics.test } : {}),
    },
    epochsRun,
    steps: step,
    nanBatches,
    target,
    counts: { train: train.items.length, validation: val.items.length, test: test.items.length, skipped },
  };
  await writeFile(join(workDir, 'result.json'), JSON.stringify(result, null, 2) + '\n');
  return result;
}
