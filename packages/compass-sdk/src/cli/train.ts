/** The `compass train` command: a TrainingJob with a progress bar (ETA, live metrics), Ctrl-C stop and resume. */
import { readRegularFile } from '../structure/io/read-regular-file.js';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { isCompassError } from '../errors.js';
import type { TrainingConfigInput } from '../training/config.js';
import { TrainingJob } from '../training/training-job.js';
import { runGignFineTune } from './train-gign.js';
import { runRfScoreTrain } from './train-rf-score.js';
import { type CliIO, processIO } from './io.js';
import { fmt, metricsLine } from './metrics-text.js';

/** Options as commander hands them over. */
export interface TrainFlags {
  data?: string;
  out?: string;
  resume?: string;
  mode: string;
  config?: string;
  epochs?: string;
  batchSize?: string;
  lr?: string;
  loss?: string;
  split?: string;
  seed?: string;
  noise?: string;
  everySteps?: string;
  worker?: boolean;
  name?: string;
  json?: boolean;
  /** `rf-score` trains a tree ensemble on --features (see runRfScoreTrain); default the COMPASS model. */
  arch?: string;
  features?: string;
  valid?: string;
  kind?: string;
  trees?: string;
  /** The package to start from: gign fine-tunes it, rf-score refits it, the COMPASS model warm-starts from it. */
  init?: string;
  regime?: string;
  /** rf-score --init: the rows the init forest was trained on. */
  general?: string;
  weight?: string;
  /** rf-score, gign: fraction of the data held out (seeded) for validation figures. */
  validFraction?: string;
}

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

/** The config the flags describe: a --config JSON file first, then individual flags over it. */
export async function configFromFlags(f: TrainFlags): Promise<TrainingConfigInput> {
  const base = f.config
    ? (JSON.parse((await readRegularFile(f.config, { maxBytes: 1 << 20 })).toString('utf8')) as Record<
        string,
        unknown
      >)
    : {};
  const c: Record<string, unknown> = { ...base, mode: f.mode };
  if (f.epochs !== undefined) c.epochs = num(f.epochs);
  if (f.batchSize !== undefined) c.batchSize = num(f.batchSize);
  if (f.lr !== undefined) c.learningRate = num(f.lr);
  if (f.loss !== undefined) c.loss = f.loss;
  if (f.seed !== undefined) c.seed = num(f.seed);
  if (f.noise !== undefined) c.coordNoiseStd = num(f.noise);
  if (f.split !== undefined) c.split = { ...(base.split as object), kind: f.split };
  if (f.init !== undefined) c.init = f.init;
  if (f.everySteps !== undefined)
    c.checkpoint = { ...(base.checkpoint as object), everySteps: num(f.everySteps) };
  return c as TrainingConfigInput;
}

/**
 * Run `train` and return the exit code: 0 when the model is saved, 1 on a typed error, 130 when stopped by
 * Ctrl-C (a checkpoint is written; `--resume <out>` continues).
 */
export async function runTrain(
  flags: TrainFlags,
  io: CliIO,
  signals: NodeJS.EventEmitter = process,
): Promise<number> {
  if (flags.arch === 'rf-score') return runRfScoreTrain(flags, io, signals);
  if (flags.arch === 'gign') return runGignFineTune(flags, io, signals);
  if (!flags.resume && (!flags.data || !flags.out)) {
    io.err('compass train: --data and --out are required (or --resume <dir>)');
    return 2;
  }
  let job: TrainingJob;
  try {
    job = flags.resume
      ? await TrainingJob.resumeFrom(flags.resume, { useWorker: flags.worker ?? false })
      : await TrainingJob.create({
          config: await configFromFlags(flags),
          dataset: flags.data!,
          workDir: flags.out!,
          useWorker: flags.worker ?? false,
          ...(flags.name ? { modelName: flags.name } : {}),
        });
  } catch (e) {
    if (!isCompassError(e)) throw e;
    io.err(`compass train: ${e.message} [${e.code}]`);
    return 1;
  }
  // The bar redraws one terminal line: only for a real terminal; otherwise one line per epoch.
  const tty = io === processIO && process.stderr.isTTY === true;
  const bar = tty
    ? new SingleBar({
        format:
          'train |{bar}| {percentage}% | ETA {eta_formatted} | epoch {epoch} | loss {loss} | val RMSE {vrmse} R {vr}',
        stream: process.stderr,
        hideCursor: true,
      })
    : undefined;
  const live = { epoch: '1', loss: '-', vrmse: '-', vr: '-' };
  let started = false;
  job.on('step', (s) => {
    live.loss = fmt(s.loss);
    live.epoch = String(s.epoch + 1);
    if (bar && !started) {
      bar.start(1000, 0, live);
      started = true;
    }
    bar?.update(Math.round(s.progress * 1000), live);
  });
  job.on('epoch', (e) => {
    live.vrmse = fmt(e.validation?.rmse);
    live.vr = fmt(e.validation?.pearson);
    if (!bar)
      io.err(
        `epoch ${e.epoch + 1}/${e.epochs} loss ${fmt(e.trainLoss, 4)} val RMSE ${live.vrmse} Pearson ${live.vr} lr ${e.lr.toExponential(2)} (${e.seconds.toFixed(1)} s)${e.best ? ' *' : ''}`,
      );
  });
  job.on('log', (l) => {
    if (!bar || l.level !== 'info') io.err(`${l.level === 'info' ? '' : `${l.level}: `}${l.message}`);
  });
  const onSigint = () => {
    io.err('\nstopping after the current step (Ctrl-C again is ignored while the checkpoint is written)...');
    job.stop();
  };
  signals.on('SIGINT', onSigint);
  try {
    const r = await job.start().done;
    bar?.stop();
    if (flags.json) io.out(JSON.stringify(r));
    else {
      io.out(`model saved to ${r.modelDir} (${r.epochsRun} epochs, ${r.steps} steps)`);
      for (const [split, m] of Object.entries(r.metrics)) io.out(metricsLine(split, m));
    }
    return 0;
  } catch (e) {
    bar?.stop();
    if (!isCompassError(e)) throw e;
    if (e.code === 'TRAINING_CANCELLED') {
      io.err(`stopped; checkpoint written. Continue with: compass train --resume ${job.workDir}`);
      return 130;
    }
    io.err(`compass train: ${e.message} [${e.code}]`);
    return 1;
  } finally {
    signals.off('SIGINT', onSigint);
  }
}

/** Add `train` to a program; `setExit` receives the exit code. */
export function registerTrain(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('train')
    .description(
      'train a COMPASS model on a dataset folder; Ctrl-C stops with a checkpoint, --resume continues',
    )
    .option('--data <dir>', 'dataset folder (manifest.csv, PDBbind-style folders, or FEP sets)')
    .option(
      '--out <dir>',
      'work folder: checkpoints, features, result.json and the model package (out/model)',
    )
    .option('--resume <dir>', 'continue the run in this work folder from its newest checkpoint')
    .option('--mode <mode>', 'smoke_test | prototyping | validation | production', 'smoke_test')
    .option('--config <file>', 'training config JSON (flags override it)')
    .option('--epochs <n>', 'epochs')
    .option('--batch-size <n>', 'complexes per step')
    .option('--lr <x>', 'peak learning rate')
    .option('--loss <kind>', 'huber | mse')
    .option('--split <kind>', 'random | target | none')
    .option('--seed <n>', 'seed of split, shuffles, initialisation and noise')
    .option('--noise <angstrom>', 'coordinate noise on training batches')
    .option('--every-steps <n>', 'checkpoint every n steps')
    .option('--name <name>', 'model name in the card')
    .option('--worker', 'train in a worker thread')
    .option('--json', 'print the result as one JSON object')
    .option(
      '--arch <name>',
      'rf-score: a tree ensemble on a features CSV or dataset; gign: fine-tune a GIGN package (--init); default: the COMPASS ViSNet',
    )
    .option('--features <csv>', 'rf-score: training features CSV (pdbid,pK,f0..f35)')
    .option('--valid <csv>', 'rf-score: validation features CSV (reported; chooses the boosting length)')
    .option('--kind <kind>', 'rf-score: random-forest | gradient-boosting')
    .option('--trees <n>', 'rf-score: number of trees')
    .option(
      '--init <dir>',
      'a model package to start from: gign fine-tunes it, rf-score refits it with your rows added, the COMPASS model warm-starts from it',
    )
    .option(
      '--general <csv|dir>',
      'rf-score --init: the rows the init forest was trained on (when its card does not say)',
    )
    .option(
      '--weight <w>',
      'rf-score --init: weight of each of your rows (default: yours weigh as much as all the rest)',
    )
    .option(
      '--valid-fraction <f>',
      'rf-score, gign: hold out this fraction of the data (seeded) for validation figures',
    )
    .option('--regime <what>', 'gign: head | last-layer | all (what is trained)')
    .action(async (flags: TrainFlags) => setExit(await runTrain(flags, io)));
}
