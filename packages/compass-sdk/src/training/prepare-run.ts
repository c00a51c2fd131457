/**
 * Preparing a training run: the split, featurisation through the cache, target standardisation, the model and its
 * programs, and a {@link Trainer} starting from seeded parameters, a warm-start package or the newest checkpoint.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FeatureCache } from '../cache/feature-cache.js';
import type { Dataset, DatasetItem } from '../datasets/item.js';
import { excludeIds, randomSplit, targetSplit, type Split } from '../datasets/splits.js';
import type { OptimiserSpec } from '../graph/optimisers.js';
import { buildInferenceProgram, buildTrainStepProgram, type Program } from '../graph/programs.js';
import type { CompassHyperParams } from '../model/hyper-params.js';
import { createCompassModelDef } from '../model/visnet.js';
import { initParams } from '../params/init.js';
import { createLocalSession, type ModelSession } from '../runtime/session.js';
import { Trainer } from '../runtime/trainer.js';
import { type Checkpoint, checkpointDir, latestCheckpoint } from './checkpoint.js';
import type { TrainingConfig } from './config.js';
import { TrainingError } from './errors.js';
import { featuriseItems, type FeaturisedItems } from './featurise-dataset.js';
import { type InitPackage, loadInitPackage, runHyperParams } from './init-package.js';

/** Inputs of a run that preparation reads. */
export interface PrepareRunOptions {
  readonly config: TrainingConfig;
  readonly dataset: Dataset;
  readonly workDir: string;
  /** Continue from the newest checkpoint in workDir. */
  readonly resume?: boolean;
}

/** Everything the loop and the finishing step work on. */
export interface PreparedRun {
  readonly config: TrainingConfig;
  readonly hp: CompassHyperParams;
  /** The warm-start package, when the config names one. */
  readonly init?: InitPackage;
  readonly train: FeaturisedItems;
  readonly validation: FeaturisedItems;
  readonly test: FeaturisedItems;
  /** Items left out of every split because they could not be prepared. */
  readonly skipped: number;
  /** Training labels (pK) the model learns, series-centred when `centreByTarget`. */
  readonly ys: readonly number[];
  /** Validation labels model selection compares against (series-centred when `centreByTarget`). */
  readonly validationSelect: readonly number[];
  /** Standardisation of the training labels. */
  readonly target: { readonly mean: number; readonly std: number };
  readonly trainProgram: Program;
  /** The inference program: validation, test scoring and the saved package all use this one. */
  readonly inferProgram: Program;
  readonly trainer: Trainer;
  readonly inferSession: ModelSession;
  /** The checkpoint the trainer resumed from. */
  readonly resumed?: Checkpoint;
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

function optimiser(config: TrainingConfig): OptimiserSpec {
  if (config.optimiser === 'sgd') return { kind: 'sgd', momentum: 0.9, weightDecay: config.weightDecay };
  return { kind: config.optimiser, weightDecay: config.weightDecay, eps: 1e-6 };
}

/** Labels of `items`, each minus its target's mean plus `globalMean` when `centre` (else the labels). */
function centredLabels(items: readonly DatasetItem[], centre: boolean, globalMean: number): number[] {
  if (!centre) return items.map((i) => i.label!.pK);
  const sums = new Map<string, [number, number]>();
  for (const i of items) {
    const [s, n] = sums.get(i.target) ?? [0, 0];
    sums.set(i.target, [s + i.label!.pK, n + 1]);
  }
  return items.map((i) => {
    const [s, n] = sums.get(i.target)!;
    return i.label!.pK - s / n + globalMean;
  });
}

/**
 * Prepares a run: loads the warm-start package (config `init`), splits and featurises the dataset (cached in
 * `workDir/features`), standardises the targets on the training split, builds the programs and opens the
 * sessions. Logs through `log`.
 *
 * @throws {TrainingError} TRAINING_BAD_CONFIG naming `init`, TRAINING_EMPTY_SPLIT, TRAINING_NO_CHECKPOINT.
 */
export async function prepareRun(
  opts: PrepareRunOptions,
  log: (message: string, level?: 'info' | 'warn') => void,
): Promise<PreparedRun> {
  const { config, workDir } = opts;
  await mkdir(checkpointDir(workDir), { recursive: true });
  const init = await loadInitPackage(config);
  const hp = runHyperParams(config, init);
  const split = splitForConfig(opts.dataset.items, config);
  log(`split: ${split.train.length} train, ${split.validation.length} validation, ${split.test.length} test`);
  const cache = new FeatureCache({ dir: join(workDir, 'features') });
  const prep = async (items: DatasetItem[], name: string) => {
    const f = await featuriseItems(items, hp, { cache });
    for (const d of f.diagnostics) log(`${name}: ${d.message}`, 'warn');
    return f;
  };
  const train = await prep(split.train, 'train');
  const validation = await prep(split.validation, 'validation');
  const test = await prep(split.test, 'test');
  if (train.items.length === 0)
    throw new TrainingError(
      'TRAINING_EMPTY_SPLIT',
      `${opts.dataset.name}: no trainable items in the train split`,
    );
  const skipped = train.diagnostics.length + validation.diagnostics.length + test.diagnostics.length;
  // Target standardisation from the training split only (after series centring when asked).
  const rawMean = train.items.reduce((s, i) => s + i.label!.pK, 0) / train.items.length;
  const ys = centredLabels(train.items, config.centreByTarget, rawMean);
  const validationSelect = centredLabels(validation.items, config.centreByTarget, rawMean);
  const mean = ys.reduce((s, v) => s + v, 0) / ys.length;
  const sd = Math.sqrt(ys.reduce((s, v) => s + (v - mean) ** 2, 0) / ys.length);
  const target = { mean, std: sd > 1e-6 ? sd : 1 };

  const model = createCompassModelDef(hp, { loss: config.loss, huberDelta: config.huberDelta });
  const trainProgram = buildTrainStepProgram(model, {
    optimiser: optimiser(config),
    ...(config.clipNorm > 0 ? { clipNorm: config.clipNorm } : {}),
  });
  const inferProgram = buildInferenceProgram(model);
  const settings = { settings: { intraOpThreads: config.threads } };
  const resumed = opts.resume ? await latestCheckpoint(workDir) : undefined;
  const trainer = resumed
    ? await Trainer.resume(trainProgram, { state: resumed.state, steps: resumed.meta.step }, settings)
    : await Trainer.create(trainProgram, init?.params ?? initParams(model, { seed: config.seed }), settings);
  const inferSession = await createLocalSession(inferProgram.onnx, settings.settings);
  if (init && !resumed) log(`init: parameters from ${init.dir} (${init.id})`);
  return {
    config,
    hp,
    ...(init ? { init } : {}),
    train,
    validation,
    test,
    skipped,
    ys,
    validationSelect,
    target,
    trainProgram,
    inferProgram,
    trainer,
    inferSession,
    ...(resumed ? { resumed } : {}),
  };
}
