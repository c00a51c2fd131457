/**
 * The one GIGN fine-tuning run the CLI and the server call: a dataset folder's labelled complexes and a GIGN
 * package in, the fine-tuned package out, with the training layer's events and an AbortSignal.
 */
import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { openDatasetDir } from '../datasets/open-dataset.js';
import { isCompassError } from '../errors.js';
import { buildGignGraph } from '../featurise/gign/index.js';
import { predictGignGraphs } from '../model/gign/predict-graphs.js';
import type { ModelCard } from '../model-package/card.js';
import { ModelPackageError } from '../model-package/errors.js';
import { loadModelPackage } from '../model-package/load.js';
import { createLocalSession } from '../runtime/session.js';
import type { TensorMap } from '../runtime/host-tensor.js';
import { readLigands, readProtein, type LigandRecord } from '../structure/formats.js';
import type { PdbStructure } from '../structure/pdb/schema.js';
import { cardFigures } from './card-figures.js';
import type { RunEvent } from './events.js';
import { fineTuneGign, GIGN_FINE_TUNE_DEFAULTS, type GignFineTuneItem } from './gign-fine-tune.js';
import { saveFineTunedGign, type GignFineTuneRecipe } from './gign-fine-tuned-package.js';
import { holdOutRows } from './holdout-split.js';
import { regressionMetrics, type RegressionMetrics } from './metrics.js';

/** Options of {@link runGignFineTuning}. */
export interface GignFineTuneRunOptions {
  /** A dataset folder (what `compass train --data` reads); its labelled complexes are tuned on. */
  readonly data: string;
  /** The GIGN package (single model or ensemble) to start from. */
  readonly init: string;
  /** The package folder to write (atomically). */
  readonly outDir: string;
  /** Seed of the shuffles and of the hold-out (default {@link GIGN_FINE_TUNE_DEFAULTS}.seed). */
  readonly seed?: number;
  /** Regime, epochs, learning rate, batch size (default {@link GIGN_FINE_TUNE_DEFAULTS}). */
  readonly recipe?: Partial<Omit<GignFineTuneRecipe, 'seed'>>;
  /** Hold out this fraction of the complexes (seeded) as validation when that leaves 2+ on each side. */
  readonly validFraction?: number;
  /** Model name in the card (default `<init name>-fine-tuned`). */
  readonly name?: string;
  /** How the card names the data (default the folder's name). */
  readonly dataName?: string;
  /** Checked between steps: an aborted run rejects with `signal.reason` and writes nothing. */
  readonly signal?: AbortSignal;
  /** A step per batch, an epoch per member epoch, metrics at the end and log lines. */
  readonly onEvent?: (e: RunEvent) => void;
}

/** What {@link runGignFineTuning} produced. */
export interface GignFineTuneRunResult {
  readonly modelDir: string;
  readonly card: ModelCard;
  readonly recipe: GignFineTuneRecipe;
  /** `train` (in-sample) and, with a hold-out, `validation`, each before and after fine-tuning. */
  readonly metrics: {
    readonly train: RegressionMetrics;
    readonly trainBeforeFineTuning: RegressionMetrics;
    readonly validation?: RegressionMetrics;
    readonly validationBeforeFineTuning?: RegressionMetrics;
  };
  readonly counts: { readonly train: number; readonly validation: number; readonly skipped: number };
  readonly seconds: number;
}

/** The labelled complexes of a dataset folder as GIGN graphs; those that cannot be read are reported and skipped. */
async function datasetItems(
  o: GignFineTuneRunOptions,
): Promise<{ items: GignFineTuneItem[]; hash: string; skipped: number }> {
  const say = (level: 'info' | 'warn', message: string) =>
    o.onEvent?.({ type: 'log', data: { level, message } });
  const ds = await openDatasetDir(o.data);
  const proteins = new Map<string, PdbStructure>();
  const ligands = new Map<string, readonly LigandRecord[]>();
  const items: GignFineTuneItem[] = [];
  const hash = createHash('sha256');
  let skipped = 0;
  for (const it of ds.items) {
    o.signal?.throwIfAborted();
    if (!it.label || !Number.isFinite(it.label.pK)) continue;
    try {
      if (!proteins.has(it.proteinPath)) proteins.set(it.proteinPath, await readProtein(it.proteinPath));
      if (!ligands.has(it.ligandPath)) ligands.set(it.ligandPath, (await readLigands(it.ligandPath)).records);
      const ligand = ligands.get(it.ligandPath)!.find((r) => r.index === it.ligandRecord);
      if (!ligand) throw new Error(`record ${it.ligandRecord} is not in ${it.ligandPath}`);
      const graph = buildGignGraph(proteins.get(it.proteinPath)!, ligand);
      items.push({ graph, pK: it.label.pK });
      hash.update(`${it.id}\t${it.label.pK}\n`).update(graph.x).update(graph.pos);
    } catch (e) {
      if (!isCompassError(e) && !(e instanceof Error && e.message.startsWith('record '))) throw e;
      if (skipped++ < 5)
        say('warn', `skipped ${it.id}: ${e.message}${isCompassError(e) ? ` [${e.code}]` : ''}`);
    }
  }
  if (skipped > 5) say('warn', `... ${skipped - 5} more skipped`);
  say(
    'info',
    `${o.data}: ${items.length} labelled complexes featurised for GIGN${skipped ? `, ${skipped} skipped` : ''}`,
  );
  return { items, hash: hash.digest('hex'), skipped };
}

/**
 * Fine-tune a GIGN package on a dataset folder and write the fine-tuned package to `outDir`. The card names the
 * base package, the data (count, content hash), the recipe and the BatchNorm rule, with in-sample figures before
 * and after and, with a hold-out, validation figures before and after.
 *
 * @example
 * const r = await runGignFineTuning({ data: 'my-series/', init: bundledModelDir(), outDir: 'out/model',
 *   recipe: { epochs: 10 }, validFraction: 0.2, signal, onEvent: (e) => e.type === 'log' && console.error(e) });
 * @throws {ModelPackageError} MODEL_PACKAGE_WRONG_ARCHITECTURE when `init` is not a GIGN package (or cannot be
 *   loaded: MODEL_PACKAGE_NOT_FOUND and the other load errors).
 * @throws {ModelError} MODEL_BAD_INPUT for no usable complex or a bad recipe field. Rejects with `signal.reason`
 *   when aborted.
 */
export async function runGignFineTuning(o: GignFineTuneRunOptions): Promise<GignFineTuneRunResult> {
  const t0 = performance.now();
  const pkg = await loadModelPackage(o.init);
  const arch = pkg.card.architecture;
  if (arch.name !== 'gign')
    throw new ModelPackageError(
      'MODEL_PACKAGE_WRONG_ARCHITECTURE',
      `${o.init} holds a ${arch.name} model; --init needs a GIGN package`,
      { details: { dir: o.init, architecture: arch.name, field: 'init' } },
    );
  const { items: all, hash, skipped } = await datasetItems(o);
  const D = GIGN_FINE_TUNE_DEFAULTS;
  const recipe: GignFineTuneRecipe = {
    regime: o.recipe?.regime ?? D.regime,
    epochs: o.recipe?.epochs ?? D.epochs,
    learningRate: o.recipe?.learningRate ?? D.learningRate,
    batchSize: o.recipe?.batchSize ?? D.batchSize,
    seed: o.seed ?? D.seed,
  };
  const h = o.validFraction === undefined ? undefined : holdOutRows(all.length, o.validFraction, recipe.seed);
  const items = h ? h.train.map((i) => all[i]!) : all;
  const held = h ? h.validation.map((i) => all[i]!) : [];
  const say = (message: string) => o.onEvent?.({ type: 'log', data: { level: 'info', message } });
  if (h) say(`validation: ${held.length} of ${all.length} complexes held out (seed ${recipe.seed})`);
  else if (o.validFraction !== undefined)
    say(`${all.length} complexes: too few to hold out a validation set`);
  say(
    `fine-tuning ${pkg.card.name} (${pkg.card.id}): ${recipe.regime}, lr ${recipe.learningRate}, ${recipe.epochs} epochs, batch ${recipe.batchSize}, seed ${recipe.seed}`,
  );
  let step = 0;
  let sum = 0;
  let count = 0;
  let epochStart = performance.now();
  const params = await fineTuneGign(pkg, items, {
    ...recipe,
    ...(o.signal ? { signal: o.signal } : {}),
    onProgress: (p) => {
      const total = p.members * p.epochs * p.stepsPerEpoch;
      step++;
      sum += p.loss;
      count++;
      o.onEvent?.({
        type: 'step',
        data: {
          step,
          epoch: p.member * p.epochs + p.epoch,
          loss: p.loss,
          gradNorm: Number.NaN,
          lr: recipe.learningRate,
          progress: step / total,
          skipped: false,
        },
      });
      if (p.step !== p.stepsPerEpoch) return;
      // One epoch record per member epoch, so a task's progress and loss curve cover every member.
      o.onEvent?.({
        type: 'epoch',
        data: {
          epoch: p.member * p.epochs + p.epoch,
          epochs: p.members * p.epochs,
          trainLoss: sum / count,
          lr: recipe.learningRate,
          best: false,
          seconds: (performance.now() - epochStart) / 1000,
        },
      });
      say(
        `member ${p.member + 1}/${p.members} epoch ${p.epoch + 1}/${p.epochs} mean loss ${(sum / count).toFixed(4)}`,
      );
      sum = 0;
      count = 0;
      epochStart = performance.now();
    },
  });
  // In-sample figures (the data it was tuned on) and held-out ones, each before and after.
  const session = await createLocalSession(pkg.onnx, { intraOpThreads: 1 });
  const hp = arch.hyperParams;
  const score = async (p: TensorMap, set: readonly GignFineTuneItem[]) =>
    regressionMetrics(
      await predictGignGraphs(
        session,
        hp,
        p,
        set.map((i) => i.graph),
      ),
      set.map((i) => i.pK),
    );
  const metrics = {
    train: await score(params, items),
    trainBeforeFineTuning: await score(pkg.params, items),
    ...(held.length
      ? { validation: await score(params, held), validationBeforeFineTuning: await score(pkg.params, held) }
      : {}),
  };
  await session.release();
  const last = recipe.epochs * hp.members - 1;
  for (const split of ['train', 'validation'] as const) {
    const m = metrics[split];
    if (m) o.onEvent?.({ type: 'metrics', data: { split, epoch: last, metrics: m } });
  }
  const card = await saveFineTunedGign(o.outDir, {
    base: pkg.card,
    params,
    data: { name: o.dataName ?? basename(resolve(o.data)), count: items.length, contentHash: hash },
    recipe,
    metrics: Object.fromEntries(Object.entries(metrics).map(([k, m]) => [k, cardFigures(m)])),
    ...(o.name ? { name: o.name } : {}),
  });
  return {
    modelDir: o.outDir,
    card,
    recipe,
    metrics,
    counts: { train: items.length, validation: held.length, skipped },
    seconds: (performance.now() - t0) / 1000,
  };
}
