/**
 * Training a tree ensemble in Node: random forest or gradient boosting on a features table, seeded (the same seed
 * gives the same trees on every machine), with the training layer's step/epoch/log events and an AbortSignal.
 */
import { seededRandom } from '@compass/balancer';
import type { RunEvent } from '../training/events.js';
import type { RunControl } from '../training/run-training.js';
import { regressionMetrics, type RegressionMetrics } from '../training/metrics.js';
import { RfScoreError } from './errors.js';
import { type RegressionTree, TreeGrower, predictTree } from './regression-tree.js';
import { type PreparedColumns, type TreeTrainingSet, prepareColumns } from './tree-data.js';
import { type TreeEnsemble, predictEnsemble } from './tree-ensemble.js';
import {
  type GradientBoostingOptions,
  type RandomForestOptions,
  type TreeEnsembleOptions,
  type TreeEnsembleOptionsInput,
  treeEnsembleOptionsSchema,
} from './train-options.js';

/** How a run reports and stops. */
export interface TreeTrainingRun {
  /** Rows to report on after training and, for gradient boosting, to choose the number of trees on. */
  readonly validation?: TreeTrainingSet;
  /** Stop between trees; the promise rejects with RFSCORE_CANCELLED. */
  readonly signal?: AbortSignal;
  /**
   * Consulted between trees, as the training layer's steps consult it: the training layer's `StepGate` pauses,
   * resumes and stops a run ('stop' rejects with RFSCORE_CANCELLED).
   */
  readonly control?: RunControl;
  /**
   * Events in the training layer's shapes: a `step` per tree (`loss` is the out-of-bag MSE for a forest, the
   * training MSE for boosting; `lr` the learning rate, 0 for a forest), one `epoch` at the end with the validation
   * metrics, `metrics` per split and `log` lines.
   */
  readonly onEvent?: (e: RunEvent) => void;
}

/** What a training run produced. */
export interface TreeTrainingResult {
  readonly model: TreeEnsemble;
  readonly options: TreeEnsembleOptions;
  readonly metrics: {
    /** Out-of-bag figures of a bootstrap forest (each row predicted by the trees that did not see it). */
    readonly outOfBag?: RegressionMetrics;
    readonly validation?: RegressionMetrics;
  };
  readonly seconds: number;
}

// Per-tree seeds from the run seed and the tree index, so tree t is the same whatever came before it.
function treeSeed(seed: number, t: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(t + 1, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

/** Between two trees: yield to the event loop (or wait out a pause), then throw if the run was stopped. */
async function between(run: TreeTrainingRun, done: number): Promise<void> {
  const verdict = run.control
    ? await run.control.gate()
    : await new Promise<'continue'>((r) => setImmediate(() => r('continue')));
  if (run.signal?.aborted || verdict === 'stop')
    throw new RfScoreError('RFSCORE_CANCELLED', `training stopped after ${done} trees`, {
      cause: run.signal?.reason,
      details: { trees: done },
    });
}

function toMetrics(pred: ArrayLike<number>, target: ArrayLike<number>): RegressionMetrics {
  return regressionMetrics(Array.from(pred), Array.from(target));
}

/**
 * Train a random forest or gradient-boosting ensemble.
 *
 * @example
 * const train = await readRfScoreCsv('train.csv');
 * const { model, metrics } = await trainTreeEnsemble(
 *   { features: train.features, targets: train.pK, featureCount: 36 },
 *   { kind: 'random-forest', trees: 500, seed: 1 },
 * );
 * @throws {RfScoreError} RFSCORE_BAD_OPTIONS for options out of range, RFSCORE_BAD_INPUT for bad rows,
 *   RFSCORE_CANCELLED when the signal aborts.
 */
export async function trainTreeEnsemble(
  train: TreeTrainingSet,
  options: TreeEnsembleOptionsInput,
  run: TreeTrainingRun = {},
): Promise<TreeTrainingResult> {
  const parsed = treeEnsembleOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RfScoreError('RFSCORE_BAD_OPTIONS', `option ${issue.path.join('.')}: ${issue.message}`, {
      details: { field: issue.path.join('.') },
    });
  }
  const opts = parsed.data;
  if (opts.maxFeatures > train.featureCount)
    throw new RfScoreError(
      'RFSCORE_BAD_OPTIONS',
      `option maxFeatures: ${opts.maxFeatures} is more than the ${train.featureCount} features`,
      { details: { field: 'maxFeatures' } },
    );
  if (run.validation && run.validation.featureCount !== train.featureCount)
    throw new RfScoreError(
      'RFSCORE_BAD_INPUT',
      `validation rows have ${run.validation.featureCount} features, training rows ${train.featureCount}`,
    );
  const t0 = performance.now();
  const data = prepareColumns(train);
  const result =
    opts.kind === 'random-forest'
      ? await trainForest(data, opts, run)
      : await trainBoosting(data, opts, run, train.featureCount);
  const seconds = (performance.now() - t0) / 1000;
  let validation: RegressionMetrics | undefined;
  if (run.validation) {
    validation = toMetrics(
      predictEnsemble(result.model, run.validation.features).values,
      run.validation.targets,
    );
    run.onEvent?.({ type: 'metrics', data: { split: 'validation', epoch: 0, metrics: validation } });
  }
  run.onEvent?.({
    type: 'epoch',
    data: {
      epoch: 0,
      epochs: 1,
      trainLoss: result.lastLoss,
      ...(validation ? { validation } : {}),
      lr: opts.kind === 'gradient-boosting' ? opts.learningRate : 0,
      best: true,
      seconds,
    },
  });
  return {
    model: result.model,
    options: opts,
    metrics: {
      ...(result.outOfBag ? { outOfBag: result.outOfBag } : {}),
      ...(validation ? { validation } : {}),
    },
    seconds,
  };
}

interface Trained {
  readonly model: TreeEnsemble;
  readonly lastLoss: number;
  readonly outOfBag?: RegressionMetrics;
}

async function trainForest(
  data: PreparedColumns,
  o: RandomForestOptions,
  run: TreeTrainingRun,
): Promise<Trained> {
  const n = data.rows;
  const grower = new TreeGrower(data, {
    maxFeatures: o.maxFeatures,
    minSamplesSplit: o.minSamplesSplit,
    minSamplesLeaf: o.minSamplesLeaf,
    maxDepth: o.maxDepth ?? Number.MAX_SAFE_INTEGER,
  });
  const trees: RegressionTree[] = [];
  const counts = new Float64Array(n);
  const weights = new Float64Array(n);
  const oobSum = new Float64Array(n);
  const oobCount = new Uint32Array(n);
  const rowBuffer = new Uint32Array(n);
  const row = new Float64Array(data.featureCount);
  let lastLoss = Number.NaN;
  for (let t = 0; t < o.trees; t++) {
    if (t === 0) await between(run, 0);
    const random = seededRandom(treeSeed(o.seed, t));
    counts.fill(0);
    if (o.bootstrap) for (let k = 0; k < n; k++) counts[Math.floor(random() * n)]!++;
    else counts.fill(1);
    let m = 0;
    for (let i = 0; i < n; i++) {
      weights[i] = counts[i]! * data.weights[i]!;
      if (weights[i]! > 0) rowBuffer[m++] = i;
    }
    const tree = grower.grow(rowBuffer.subarray(0, m), weights, data.targets, random);
    trees.push(tree);
    if (o.bootstrap) {
      let se = 0,
        seen = 0;
      for (let i = 0; i < n; i++) {
        if (counts[i] === 0) {
          for (let f = 0; f < data.featureCount; f++) row[f] = data.columns[f]![i]!;
          oobSum[i]! += predictTree(tree, row);
          oobCount[i]!++;
        }
        if (oobCount[i]! > 0) {
          const d = oobSum[i]! / oobCount[i]! - data.targets[i]!;
          se += d * d;
          seen++;
        }
      }
      lastLoss = seen > 0 ? se / seen : Number.NaN;
    }
    run.onEvent?.({
      type: 'step',
      data: {
        step: t + 1,
        epoch: 0,
        loss: lastLoss,
        gradNorm: 0,
        lr: 0,
        progress: (t + 1) / o.trees,
        skipped: false,
      },
    });
    await between(run, t + 1);
  }
  const model: TreeEnsemble = { kind: 'random-forest', featureCount: data.featureCount, base: 0, trees };
  if (!o.bootstrap) return { model, lastLoss };
  const pred: number[] = [],
    target: number[] = [];
  for (let i = 0; i < n; i++)
    if (oobCount[i]! > 0) {
      pred.push(oobSum[i]! / oobCount[i]!);
      target.push(data.targets[i]!);
    }
  return { model, lastLoss, outOfBag: regressionMetrics(pred, target) };
}

async function trainBoosting(
  data: PreparedColumns,
  o: GradientBoostingOptions,
  run: TreeTrainingRun,
  featureCount: number,
): Promise<Trained> {
  const n = data.rows;
  const grower = new TreeGrower(data, {
    maxFeatures: o.maxFeatures,
    minSamplesSplit: o.minSamplesSplit,
    minSamplesLeaf: o.minSamplesLeaf,
    maxDepth: o.maxDepth,
  });
  let sw = 0,
    swy = 0;
  for (let i = 0; i < n; i++) {
    sw += data.weights[i]!;
    swy += data.weights[i]! * data.targets[i]!;
  }
  const base = Math.fround(swy / sw);
  const current = new Float64Array(n).fill(base);
  const residual = new Float64Array(n);
  const rowBuffer = new Uint32Array(n);
  const row = new Float64Array(featureCount);
  const valid = run.validation;
  const validCurrent = valid ? new Float64Array(valid.targets.length).fill(base) : undefined;
  const trees: RegressionTree[] = [];
  let best = { trees: 0, mse: Infinity };
  let lastLoss = Number.NaN;
  for (let t = 0; t < o.trees; t++) {
    if (t === 0) await between(run, 0);
    const random = seededRandom(treeSeed(o.seed, t));
    for (let i = 0; i < n; i++) residual[i] = data.targets[i]! - current[i]!;
    let m = 0;
    for (let i = 0; i < n; i++)
      if (data.weights[i]! > 0 && (o.subsample >= 1 || random() < o.subsample)) rowBuffer[m++] = i;
    const tree = grower.grow(rowBuffer.subarray(0, m), data.weights, residual, random);
    for (let k = 0; k < tree.value.length; k++) tree.value[k] = Math.fround(tree.value[k]! * o.learningRate);
    trees.push(tree);
    let se = 0;
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < featureCount; f++) row[f] = data.columns[f]![i]!;
      current[i]! += predictTree(tree, row);
      const d = current[i]! - data.targets[i]!;
      se += d * d;
    }
    lastLoss = se / n;
    if (valid && validCurrent) {
      let vse = 0;
      for (let i = 0; i < validCurrent.length; i++) {
        validCurrent[i]! += predictTree(tree, valid.features, i * featureCount);
        const d = validCurrent[i]! - valid.targets[i]!;
        vse += d * d;
      }
      const mse = vse / validCurrent.length;
      if (mse < best.mse) best = { trees: t + 1, mse };
    }
    run.onEvent?.({
      type: 'step',
      data: {
        step: t + 1,
        epoch: 0,
        loss: lastLoss,
        gradNorm: 0,
        lr: o.learningRate,
        progress: (t + 1) / o.trees,
        skipped: false,
      },
    });
    await between(run, t + 1);
    if (valid && t + 1 - best.trees >= o.earlyStoppingRounds) {
      run.onEvent?.({
        type: 'log',
        data: {
          level: 'info',
          message: `early stop after ${t + 1} trees: validation RMSE best at ${best.trees} trees (${Math.sqrt(best.mse).toFixed(4)})`,
        },
      });
      break;
    }
  }
  const kept = valid ? trees.slice(0, best.trees) : trees;
  return { model: { kind: 'gradient-boosting', featureCount, base, trees: kept }, lastLoss };
}
