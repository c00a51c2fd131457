/**
 * `compass train --arch rf-score`: train a tree ensemble on a features CSV (`pdbid,pK,f0..f35`), choose on a
 * validation CSV, and write the package to `<out>/model`, with the progress bar other trainings have.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { SingleBar } from 'cli-progress';
import type { CliIO } from '../cli/io.js';
import { processIO } from '../cli/io.js';
import { isCompassError } from '../errors.js';
import { openDatasetDir } from '../datasets/open-dataset.js';
import { datasetFeatures } from './dataset-features.js';
import { formatRfScoreCsv, readRfScoreCsv, type RfScoreFeatureTable } from './features-csv.js';
import { RFSCORE_FEATURE_COUNT } from './features.js';
import { saveRfScorePackage } from './model-package.js';
import { trainTreeEnsemble } from './train-ensemble.js';
import type { TreeEnsembleOptionsInput } from './train-options.js';
import { RfScoreError } from './errors.js';
import { fmt, metricsLine } from '../cli/metrics-text.js';

/** The `train` flags this command reads. */
export interface RfScoreTrainFlags {
  readonly features?: string;
  /** A dataset folder (what `compass train --data` reads), featurised here, instead of --features. */
  readonly data?: string;
  readonly valid?: string;
  readonly out?: string;
  /** `random-forest` (default) or `gradient-boosting`. */
  readonly kind?: string;
  readonly trees?: string;
  readonly seed?: string;
  /** JSON file of trainer options (flags override it). */
  readonly config?: string;
  readonly name?: string;
  readonly json?: boolean;
}

async function optionsFrom(f: RfScoreTrainFlags): Promise<TreeEnsembleOptionsInput> {
  let base: Record<string, unknown> = {};
  if (f.config)
    try {
      base = JSON.parse(await readFile(f.config, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new RfScoreError(
        'RFSCORE_BAD_OPTIONS',
        `${f.config}: not a readable JSON file of trainer options`,
        {
          cause: e,
          details: { source: f.config },
        },
      );
    }
  const o: Record<string, unknown> = { kind: 'random-forest', ...base };
  if (f.kind !== undefined) o.kind = f.kind;
  if (f.trees !== undefined) o.trees = Number(f.trees);
  if (f.seed !== undefined) o.seed = Number(f.seed);
  return o as TreeEnsembleOptionsInput;
}

const set = (t: RfScoreFeatureTable) => ({
  features: t.features,
  targets: t.pK,
  featureCount: RFSCORE_FEATURE_COUNT,
});

/** A features CSV (`.csv`) or a dataset folder featurised on the fly; labelled rows only. */
async function readTable(path: string, io: CliIO): Promise<RfScoreFeatureTable> {
  if (/\.csv$/i.test(path)) {
    const t = await readRfScoreCsv(path);
    if (!t.labelled)
      throw new RfScoreError('RFSCORE_BAD_CSV', `${path}: training and validation files need a pK column`, {
        details: { source: path, line: 1 },
      });
    return t;
  }
  const ds = await openDatasetDir(path);
  const { table, diagnostics } = await datasetFeatures(ds.items);
  for (const d of diagnostics.slice(0, 5)) io.err(`skipped ${d.message}`);
  if (diagnostics.length > 5) io.err(`... ${diagnostics.length - 5} more skipped`);
  if (table.ids.length < 2)
    throw new RfScoreError('RFSCORE_BAD_INPUT', `${path}: ${table.ids.length} usable labelled complexes`, {
      details: { source: path },
    });
  io.err(`${path}: rfscore-v1 features of ${table.ids.length} complexes`);
  return { ...table, source: path };
}

/**
 * Run the command and return the exit code: 0 when the package is written, 1 on a typed error, 2 on missing
 * flags, 130 when stopped by Ctrl-C (nothing is written).
 */
export async function runRfScoreTrain(
  flags: RfScoreTrainFlags,
  io: CliIO,
  signals: NodeJS.EventEmitter = process,
): Promise<number> {
  const source = flags.features ?? flags.data;
  if (!source || !flags.out) {
    io.err('compass train --arch rf-score: --features <csv> (or --data <dir>) and --out <dir> are required');
    return 2;
  }
  const ac = new AbortController();
  const onSigint = () => {
    io.err('\nstopping after the current tree...');
    ac.abort();
  };
  const tty = io === processIO && process.stderr.isTTY === true;
  const bar = tty
    ? new SingleBar({
        format: 'train |{bar}| {percentage}% | ETA {eta_formatted} | trees {trees} | loss {loss}',
        stream: process.stderr,
        hideCursor: true,
      })
    : undefined;
  signals.on('SIGINT', onSigint);
  try {
    const options = await optionsFrom(flags);
    const train = await readTable(source, io);
    const valid = flags.valid ? await readTable(flags.valid, io) : undefined;
    let started = false;
    let lastLine = 0;
    const result = await trainTreeEnsemble(set(train), options, {
      ...(valid ? { validation: set(valid) } : {}),
      signal: ac.signal,
      onEvent: (e) => {
        if (e.type === 'step') {
          const live = { trees: String(e.data.step), loss: fmt(e.data.loss, 4) };
          if (bar && !started) {
            bar.start(1000, 0, live);
            started = true;
          }
          bar?.update(Math.round(e.data.progress * 1000), live);
          // Without a terminal: a line every tenth of the run.
          if (!bar && Math.floor(e.data.progress * 10) > lastLine) {
            lastLine = Math.floor(e.data.progress * 10);
            io.err(
              `trees ${e.data.step} loss ${fmt(e.data.loss, 4)} (${Math.round(e.data.progress * 100)}%)`,
            );
          }
        } else if (e.type === 'log') io.err(e.data.message);
      },
    });
    bar?.stop();
    const modelDir = join(flags.out, 'model');
    const mean = train.pK.reduce((s, v) => s + v, 0) / train.pK.length;
    const std = Math.sqrt(train.pK.reduce((s, v) => s + (v - mean) ** 2, 0) / train.pK.length) || 1;
    // The content hash of the features themselves, whether they came from a CSV or a folder.
    const hash = createHash('sha256').update(formatRfScoreCsv(train)).digest('hex');
    const card = await saveRfScorePackage(modelDir, {
      model: result.model,
      options: result.options,
      name: flags.name ?? 'rf-score',
      target: { mean, std },
      training: {
        datasets: [{ name: source, count: train.ids.length, contentHash: hash }],
        epochs: 1,
        seconds: result.seconds,
        ...(valid ? { validation: { name: flags.valid, count: valid.ids.length } } : {}),
      },
      metrics: {
        ...(result.metrics.outOfBag ? { outOfBag: { ...result.metrics.outOfBag } } : {}),
        ...(result.metrics.validation ? { validation: { ...result.metrics.validation } } : {}),
      },
    });
    const summary = {
      modelDir,
      id: card.id,
      trees: result.model.trees.length,
      seconds: result.seconds,
      metrics: result.metrics,
    };
    if (flags.json) io.out(JSON.stringify(summary));
    else {
      io.out(`model saved to ${modelDir} (${summary.trees} trees, ${result.seconds.toFixed(1)} s)`);
      for (const [split, m] of Object.entries(result.metrics)) io.out(metricsLine(split, m));
    }
    return 0;
  } catch (e) {
    bar?.stop();
    if (!isCompassError(e)) throw e;
    if (e.code === 'RFSCORE_CANCELLED') {
      io.err(`stopped: ${e.message}; nothing was written`);
      return 130;
    }
    io.err(`compass train: ${e.message} [${e.code}]`);
    return 1;
  } finally {
    signals.off('SIGINT', onSigint);
  }
}
