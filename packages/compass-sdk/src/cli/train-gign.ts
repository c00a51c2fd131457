/**
 * `compass train --arch gign --init <package> --data <dir> --out <dir>`: fine-tune a GIGN package on a dataset
 * folder's labelled complexes (runGignFineTuning) and write the fine-tuned package to `<out>/model`, with progress
 * on stderr and Ctrl-C stopping between steps.
 */
import { join } from 'node:path';
import { isCompassError } from '../errors.js';
import type { GignFineTuneRegime } from '../training/gign-fine-tune.js';
import { runGignFineTuning } from '../training/gign-fine-tune-run.js';
import type { CliIO } from './io.js';
import { fmt } from './metrics-text.js';
import { sigintAbort, trainProgress } from './train-progress.js';

/** The `train` flags this command reads. */
export interface GignTrainFlags {
  readonly init?: string;
  readonly data?: string;
  readonly out?: string;
  readonly regime?: string;
  readonly epochs?: string;
  readonly lr?: string;
  readonly batchSize?: string;
  readonly seed?: string;
  /** Fraction of the complexes held out (seeded) for validation figures. */
  readonly validFraction?: string;
  readonly name?: string;
  readonly json?: boolean;
}

const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));

/**
 * Run the command and return the exit code: 0 when the package is written, 1 on a typed error, 2 on missing
 * flags, 130 when stopped by Ctrl-C (nothing is written).
 */
export async function runGignFineTune(
  flags: GignTrainFlags,
  io: CliIO,
  signals: NodeJS.EventEmitter = process,
): Promise<number> {
  if (!flags.init || !flags.data || !flags.out) {
    io.err('compass train --arch gign: --init <package dir>, --data <dir> and --out <dir> are required');
    return 2;
  }
  const stop = sigintAbort(signals, io, 'step');
  const progress = trainProgress(io, 'fine-tune');
  try {
    const epochs = num(flags.epochs);
    const learningRate = num(flags.lr);
    const batchSize = num(flags.batchSize);
    const seed = num(flags.seed);
    const validFraction = num(flags.validFraction);
    const r = await runGignFineTuning({
      data: flags.data,
      init: flags.init,
      outDir: join(flags.out, 'model'),
      recipe: {
        ...(flags.regime !== undefined ? { regime: flags.regime as GignFineTuneRegime } : {}),
        ...(epochs !== undefined ? { epochs } : {}),
        ...(learningRate !== undefined ? { learningRate } : {}),
        ...(batchSize !== undefined ? { batchSize } : {}),
      },
      ...(seed !== undefined ? { seed } : {}),
      ...(validFraction !== undefined ? { validFraction } : {}),
      ...(flags.name ? { name: flags.name } : {}),
      signal: stop.signal,
      onEvent: progress.onEvent,
    });
    progress.stop();
    if (flags.json) io.out(JSON.stringify({ modelDir: r.modelDir, id: r.card.id, metrics: r.card.metrics }));
    else {
      const {
        train: after,
        trainBeforeFineTuning: before,
        validation: v,
        validationBeforeFineTuning: v0,
      } = r.metrics;
      const base = r.card.training.fineTunedFrom as { id: string };
      io.out(`model saved to ${r.modelDir} (${r.card.id}, fine-tuned from ${base.id})`);
      io.out(
        `train (in-sample) n ${after.n}  RMSE ${fmt(after.rmse)}  Pearson ${fmt(after.pearson)}  (before: RMSE ${fmt(before.rmse)}  Pearson ${fmt(before.pearson)})`,
      );
      if (v && v0)
        io.out(
          `validation (held out) n ${v.n}  RMSE ${fmt(v.rmse)}  Pearson ${fmt(v.pearson)}  (before: RMSE ${fmt(v0.rmse)}  Pearson ${fmt(v0.pearson)})`,
        );
    }
    return 0;
  } catch (e) {
    progress.stop();
    if (stop.signal.aborted && e === stop.signal.reason) {
      io.err('stopped; nothing written');
      return 130;
    }
    if (!isCompassError(e)) throw e;
    io.err(`compass train --arch gign: ${e.message} [${e.code}]`);
    return 1;
  } finally {
    stop.off();
  }
}
