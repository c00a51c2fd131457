/**
 * The one RF-Score training run the CLI and the server call: a features CSV or dataset folder in, a model package
 * out, with the training layer's events and an AbortSignal; with `init`, the init forest is refitted on the rows it
 * was trained on plus the user's rows, weighted up (refitTreeEnsemble).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatasetDir } from '../datasets/open-dataset.js';
import { datasetFeatures } from '../rfscore/dataset-features.js';
import { RfScoreError } from '../rfscore/errors.js';
import { formatRfScoreCsv, readRfScoreCsv, type RfScoreFeatureTable } from '../rfscore/features-csv.js';
import { RFSCORE_FEATURE_COUNT } from '../rfscore/features.js';
import { loadRfScorePackage, saveRfScorePackage, type RfScoreCard } from '../rfscore/model-package.js';
import { refitTreeEnsemble } from '../rfscore/refit.js';
import { trainTreeEnsemble, type TreeTrainingResult } from '../rfscore/train-ensemble.js';
import type { TreeEnsembleOptionsInput } from '../rfscore/train-options.js';
import type { TreeTrainingSet } from '../rfscore/tree-data.js';
import { cardFigures } from './card-figures.js';
import type { RunEvent } from './events.js';
import { holdOutRows } from './holdout-split.js';
import type { RegressionMetrics } from './metrics.js';
import type { RunControl } from './run-training.js';

/** Options of {@link runRfScoreTraining}. */
export interface RfScoreRunOptions {
  /** Training rows: a features CSV (`pdbid,pK,f0..f35`) or a dataset folder (featurised here). */
  readonly data: string;
  /** Validation rows (CSV or folder): reported, and for gradient boosting the number of trees is chosen on them. */
  readonly valid?: string;
  /** Without `valid`: hold out this fraction of `data` (seeded) as validation when that leaves 2+ rows each side. */
  readonly validFraction?: number;
  /** An RF-Score package to refit: its options are the defaults and its training rows are joined to `data`. */
  readonly init?: string;
  /**
   * The rows `init` was trained on (CSV or folder). Default: the sources its card lists in `training.rowsFrom`,
   * or for the bundled forest GIGN's train CSV under `$COMPASS_DATA_DIR/gign-reference/rfscore-v1/`.
   */
  readonly general?: string;
  /** Weight of each of the user's rows against a general row (default: the user's rows weigh as much as all). */
  readonly refitWeight?: number;
  /** The package folder to write (atomically). */
  readonly outDir: string;
  readonly seed?: number;
  /** Fields of `treeEnsembleOptionsSchema` over the defaults (`init`'s options, else a random forest). */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Model name in the card (default `rf-score`, or `<init name>-refit`). */
  readonly name?: string;
  readonly description?: string;
  /** How the card names the data (default the path). */
  readonly dataName?: string;
  readonly signal?: AbortSignal;
  /** Pause / resume / stop between trees (the training layer's StepGate). */
  readonly control?: RunControl;
  /** Step per tree, one epoch, metrics and log lines, in the training layer's shapes. */
  readonly onEvent?: (e: RunEvent) => void;
}

/** What {@link runRfScoreTraining} produced. */
export interface RfScoreRunResult {
  readonly modelDir: string;
  readonly card: RfScoreCard;
  readonly trees: number;
  readonly seconds: number;
  readonly metrics: { readonly outOfBag?: RegressionMetrics; readonly validation?: RegressionMetrics };
  /** Rows of the user's data trained on, held out for validation, and general rows joined in a refit. */
  readonly counts: { readonly train: number; readonly validation: number; readonly general: number };
}

/** The bundled forest's training rows: GIGN's precomputed features, under the shared data folder. */
const BUNDLED_ROWS = { name: 'gign-rfscore-v1/train', path: ['gign-reference', 'rfscore-v1', 'train.csv'] };

const log = (o: RfScoreRunOptions, message: string, level: 'info' | 'warn' = 'info') =>
  o.onEvent?.({ type: 'log', data: { level, message } });

/** A features CSV (`.csv`) or a dataset folder featurised on the fly; labelled rows only. */
export async function readRfScoreRows(
  path: string,
  o: Pick<RfScoreRunOptions, 'signal' | 'onEvent'> = {},
): Promise<RfScoreFeatureTable> {
  if (/\.csv$/i.test(path)) {
    const t = await readRfScoreCsv(path);
    if (!t.labelled)
      throw new RfScoreError('RFSCORE_BAD_CSV', `${path}: training and validation files need a pK column`, {
        details: { source: path, line: 1 },
      });
    return t;
  }
  const ds = await openDatasetDir(path);
  const { table, diagnostics } = await datasetFeatures(ds.items, o.signal ? { signal: o.signal } : {});
  const say = (message: string) => o.onEvent?.({ type: 'log', data: { level: 'warn', message } });
  for (const d of diagnostics.slice(0, 5)) say(`skipped ${d.message}`);
  if (diagnostics.length > 5) say(`... ${diagnostics.length - 5} more skipped`);
  if (table.ids.length < 2)
    throw new RfScoreError('RFSCORE_BAD_INPUT', `${path}: ${table.ids.length} usable labelled complexes`, {
      details: { source: path },
    });
  o.onEvent?.({
    type: 'log',
    data: { level: 'info', message: `${path}: rfscore-v1 features of ${table.ids.length} complexes` },
  });
  return { ...table, source: path };
}

function rowsOf(t: RfScoreFeatureTable, idx: readonly number[]): RfScoreFeatureTable {
  const P = RFSCORE_FEATURE_COUNT;
  const features = new Float64Array(idx.length * P);
  idx.forEach((r, i) => features.set(t.features.subarray(r * P, (r + 1) * P), i * P));
  return {
    source: t.source,
    ids: idx.map((r) => t.ids[r]!),
    pK: Float64Array.from(idx, (r) => t.pK[r]!),
    features,
    labelled: true,
  };
}

const setOf = (t: RfScoreFeatureTable): TreeTrainingSet => ({
  features: t.features,
  targets: t.pK,
  featureCount: RFSCORE_FEATURE_COUNT,
});

/** Where the rows that trained `card` can be read again, or a typed error asking for `general`. */
function generalSources(card: RfScoreCard, initDir: string, general: string | undefined): string[] {
  if (general !== undefined) return [general];
  const from = (card.training as { rowsFrom?: unknown }).rowsFrom;
  if (Array.isArray(from) && from.length > 0 && from.every((p) => typeof p === 'string' && existsSync(p)))
    return from as string[];
  const first = card.training.datasets[0];
  const shared = process.env.COMPASS_DATA_DIR;
  if (first?.name === BUNDLED_ROWS.name && shared && existsSync(join(shared, ...BUNDLED_ROWS.path)))
    return [join(shared, ...BUNDLED_ROWS.path)];
  throw new RfScoreError(
    'RFSCORE_BAD_INPUT',
    `${initDir}: the rows this forest was trained on (${first?.name ?? 'not named in its card'}) cannot be found; a refit needs them (give the general rows as a features CSV or dataset folder)`,
    { details: { field: 'general', init: initDir } },
  );
}

function joinTables(tables: readonly RfScoreFeatureTable[]): RfScoreFeatureTable {
  if (tables.length === 1) return tables[0]!;
  const n = tables.reduce((s, t) => s + t.ids.length, 0);
  const features = new Float64Array(n * RFSCORE_FEATURE_COUNT);
  const pK = new Float64Array(n);
  let at = 0;
  for (const t of tables) {
    features.set(t.features, at * RFSCORE_FEATURE_COUNT);
    pK.set(t.pK, at);
    at += t.ids.length;
  }
  return {
    source: tables.map((t) => t.source).join('+'),
    ids: tables.flatMap((t) => t.ids),
    pK,
    features,
    labelled: true,
  };
}

/**
 * Train (or, with `init`, refit) an RF-Score tree ensemble and write its package to `outDir`. The card names the
 * data (count and content hash of the features), the rows a later refit needs (`training.rowsFrom`), the package
 * refitted from (`fineTunedFrom`) and the out-of-bag and validation figures.
 *
 * @example
 * const r = await runRfScoreTraining({ data: 'my-series/', init: bundledRfScoreDir, outDir: 'out/model',
 *   options: { trees: 30 }, validFraction: 0.2, signal, onEvent: (e) => console.error(e) });
 * @throws {RfScoreError} RFSCORE_BAD_CSV / RFSCORE_BAD_INPUT for unreadable or too few rows (or missing general
 *   rows of `init`), RFSCORE_BAD_OPTIONS for bad options, RFSCORE_CANCELLED when stopped (nothing is written).
 * @throws {ModelPackageError} MODEL_PACKAGE_WRONG_ARCHITECTURE when `init` is not an RF-Score package.
 */
export async function runRfScoreTraining(o: RfScoreRunOptions): Promise<RfScoreRunResult> {
  const init = o.init === undefined ? undefined : await loadRfScorePackage(o.init);
  const all = await readRfScoreRows(o.data, o);
  let train = all;
  let valid: RfScoreFeatureTable | undefined;
  let validName: string | undefined;
  if (o.valid !== undefined) {
    valid = await readRfScoreRows(o.valid, o);
    validName = o.valid;
  } else if (o.validFraction !== undefined) {
    const h = holdOutRows(all.ids.length, o.validFraction, o.seed ?? 0);
    if (h) {
      train = rowsOf(all, h.train);
      valid = rowsOf(all, h.validation);
      validName = `${o.dataName ?? o.data} (seeded hold-out, ${valid.ids.length} rows)`;
      log(o, `validation: ${valid.ids.length} of ${all.ids.length} rows held out (seed ${o.seed ?? 0})`);
    } else
      log(o, `${all.ids.length} rows: too few to hold out a validation set; out-of-bag figures only`, 'warn');
  }
  const options = {
    ...(init ? init.card.architecture.options : { kind: 'random-forest' }),
    ...o.options,
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  } as TreeEnsembleOptionsInput;
  const run = {
    ...(valid ? { validation: setOf(valid) } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.control ? { control: o.control } : {}),
    ...(o.onEvent ? { onEvent: o.onEvent } : {}),
  };
  let result: TreeTrainingResult;
  let general: RfScoreFeatureTable | undefined;
  let sources: string[] = [];
  let weight = 1;
  if (init) {
    sources = generalSources(init.card, init.dir, o.general);
    const tables: RfScoreFeatureTable[] = [];
    for (const s of sources) tables.push(await readRfScoreRows(s, o));
    general = joinTables(tables);
    weight = o.refitWeight ?? general.ids.length / train.ids.length;
    log(
      o,
      `refitting ${init.card.name} (${init.card.id}) on its ${general.ids.length} rows plus ${train.ids.length} of yours, each of yours weighing ${weight.toPrecision(4)}`,
    );
    result = await refitTreeEnsemble(setOf(general), setOf(train), { options, weight }, run);
  } else result = await trainTreeEnsemble(setOf(train), options, run);
  const mean = train.pK.reduce((s, v) => s + v, 0) / train.pK.length;
  const std = Math.sqrt(train.pK.reduce((s, v) => s + (v - mean) ** 2, 0) / train.pK.length) || 1;
  // The content hash of the features themselves, whether they came from a CSV or a folder.
  const hash = createHash('sha256').update(formatRfScoreCsv(train)).digest('hex');
  const own = { name: o.dataName ?? o.data, count: train.ids.length, contentHash: hash };
  const card = await saveRfScorePackage(o.outDir, {
    model: result.model,
    options: result.options,
    name: o.name ?? (init ? `${init.card.name}-refit` : 'rf-score'),
    ...(o.description !== undefined
      ? { description: o.description }
      : init
        ? {
            description: `${init.card.name} (${init.card.id}) refitted on its ${general!.ids.length} training rows plus ${train.ids.length} rows of ${own.name}, each weighing ${weight.toPrecision(4)}: ${result.model.trees.length} trees, a new forest.`,
          }
        : {}),
    target: { mean, std },
    training: {
      datasets: init ? [...init.card.training.datasets, own] : [own],
      epochs: 1,
      seconds: result.seconds,
      rowsFrom: [...sources.map((s) => resolve(s)), resolve(o.data)],
      ...(validName !== undefined ? { validation: { name: validName, count: valid!.ids.length } } : {}),
      ...(init
        ? {
            fineTunedFrom: { id: init.card.id, name: init.card.name },
            refit: { generalRows: general!.ids.length, ownRows: train.ids.length, weight },
          }
        : {}),
    },
    metrics: {
      ...(result.metrics.outOfBag ? { outOfBag: cardFigures(result.metrics.outOfBag) } : {}),
      ...(result.metrics.validation ? { validation: cardFigures(result.metrics.validation) } : {}),
    },
  });
  return {
    modelDir: o.outDir,
    card,
    trees: result.model.trees.length,
    seconds: result.seconds,
    metrics: result.metrics,
    counts: {
      train: train.ids.length,
      validation: valid?.ids.length ?? 0,
      general: general?.ids.length ?? 0,
    },
  };
}
