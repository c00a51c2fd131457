/**
 * `compass train --arch rf-score`: train a tree ensemble on a features CSV or dataset folder (runRfScoreTraining),
 * or refit an RF-Score package with `--init`, and write the package to `<out>/model`, with the progress bar other
 * trainings have.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isCompassError } from '../errors.js';
import { RfScoreError } from '../rfscore/errors.js';
import { runRfScoreTraining } from '../training/rf-score-run.js';
import type { CliIO } from './io.js';
import { metricsLine } from './metrics-text.js';
import { sigintAbort, trainProgress } from './train-progress.js';

/** The `train` flags this command reads. */
export interface RfScoreTrainFlags {
  readonly features?: string;
  /** A dataset folder (what `compass train --data` reads), featurised here, instead of --features. */
  readonly data?: string;
  readonly valid?: string;
  readonly validFraction?: string;
  readonly out?: string;
  /** `random-forest` (default) or `gradient-boosting`. */
  readonly kind?: string;
  readonly trees?: string;
  readonly seed?: string;
  /** JSON file of trainer options (flags override it). */
  readonly config?: string;
  /** An RF-Score package to refit with the rows of --features / --data added. */
  readonly init?: string;
  /** The rows --init was trained on, when its card does not say where they are. */
  readonly general?: string;
  /** Weight of each of your rows in a refit (default: yours weigh as much as the general rows together). */
  readonly weight?: string;
  readonly name?: string;
  readonly json?: boolean;
}

async function optionsFrom(f: RfScoreTrainFlags): Promise<Record<string, unknown>> {
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
  const o: Record<string, unknown> = { ...base };
  if (f.kind !== undefined) o.kind = f.kind;
  if (f.trees !== undefined) o.trees = Number(f.trees);
  return o;
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
  const stop = sigintAbort(signals, io, 'tree');
  const progress = trainProgress(io, 'train', 'trees');
  try {
    const r = await runRfScoreTraining({
      data: source,
      outDir: join(flags.out, 'model'),
      options: await optionsFrom(flags),
      ...(flags.valid !== undefined ? { valid: flags.valid } : {}),
      ...(flags.validFraction !== undefined ? { validFraction: Number(flags.validFraction) } : {}),
      ...(flags.seed !== undefined ? { seed: Number(flags.seed) } : {}),
      ...(flags.init !== undefined ? { init: flags.init } : {}),
      ...(flags.general !== undefined ? { general: flags.general } : {}),
      ...(flags.weight !== undefined ? { refitWeight: Number(flags.weight) } : {}),
      ...(flags.name ? { name: flags.name } : {}),
      signal: stop.signal,
      onEvent: progress.onEvent,
    });
    progress.stop();
    const summary = {
      modelDir: r.modelDir,
      id: r.card.id,
      trees: r.trees,
      seconds: r.seconds,
      metrics: r.metrics,
    };
    if (flags.json) io.out(JSON.stringify(summary));
    else {
      io.out(`model saved to ${r.modelDir} (${r.trees} trees, ${r.seconds.toFixed(1)} s)`);
      for (const [split, m] of Object.entries(r.metrics)) io.out(metricsLine(split, m));
    }
    return 0;
  } catch (e) {
    progress.stop();
    if (!isCompassError(e)) throw e;
    if (e.code === 'RFSCORE_CANCELLED') {
      io.err(`stopped: ${e.message}; nothing was written`);
      return 130;
    }
    io.err(`compass train: ${e.message} [${e.code}]`);
    return 1;
  } finally {
    stop.off();
  }
}
