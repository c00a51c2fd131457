/**
 * `compass train --arch gign --init <package> --data <dir> --out <dir>`: fine-tune a GIGN package on a dataset
 * folder's labelled complexes and write the fine-tuned package to `<out>/model`, with progress on stderr and
 * Ctrl-C stopping between steps.
 */
import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { openDatasetDir } from '../datasets/open-dataset.js';
import { isCompassError } from '../errors.js';
import { buildGignGraph } from '../featurise/gign/index.js';
import { fineTuneGign, GIGN_FINE_TUNE_DEFAULTS, type GignFineTuneItem } from '../training/gign-fine-tune.js';
import { saveFineTunedGign } from '../training/gign-fine-tuned-package.js';
import { predictGignGraphs } from '../model/gign/predict-graphs.js';
import { loadModelPackage } from '../model-package/load.js';
import { createLocalSession } from '../runtime/session.js';
import { readLigands, readProtein, type LigandRecord } from '../structure/formats.js';
import type { PdbStructure } from '../structure/pdb/schema.js';
import { regressionMetrics } from '../training/metrics.js';
import { type CliIO, processIO } from './io.js';
import { fmt } from './metrics-text.js';

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
  readonly name?: string;
  readonly json?: boolean;
}

/** The labelled complexes of a dataset folder as GIGN graphs; those that cannot be read are reported and skipped. */
async function datasetItems(dir: string, io: CliIO): Promise<{ items: GignFineTuneItem[]; hash: string }> {
  const ds = await openDatasetDir(dir);
  const proteins = new Map<string, PdbStructure>();
  const ligands = new Map<string, readonly LigandRecord[]>();
  const items: GignFineTuneItem[] = [];
  const hash = createHash('sha256');
  let skipped = 0;
  for (const it of ds.items) {
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
      if (skipped++ < 5) io.err(`skipped ${it.id}: ${e.message}${isCompassError(e) ? ` [${e.code}]` : ''}`);
    }
  }
  if (skipped > 5) io.err(`... ${skipped - 5} more skipped`);
  io.err(
    `${dir}: ${items.length} labelled complexes featurised for GIGN${skipped ? `, ${skipped} skipped` : ''}`,
  );
  return { items, hash: hash.digest('hex') };
}

const int = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));

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
  const ac = new AbortController();
  const onSigint = () => {
    io.err('\nstopping after the current step...');
    ac.abort(new Error('stopped by Ctrl-C'));
  };
  const tty = io === processIO && process.stderr.isTTY === true;
  const bar = tty
    ? new SingleBar({
        format:
          'fine-tune |{bar}| {percentage}% | ETA {eta_formatted} | member {member} epoch {epoch} | loss {loss}',
        stream: process.stderr,
        hideCursor: true,
      })
    : undefined;
  signals.on('SIGINT', onSigint);
  try {
    const pkg = await loadModelPackage(flags.init);
    const arch = pkg.card.architecture;
    if (arch.name !== 'gign') {
      io.err(
        `compass train --arch gign: ${flags.init} holds a ${arch.name} model; --init needs a GIGN package [MODEL_PACKAGE_WRONG_ARCHITECTURE]`,
      );
      return 1;
    }
    const { items, hash } = await datasetItems(flags.data, io);
    const D = GIGN_FINE_TUNE_DEFAULTS;
    const recipe = {
      regime: (flags.regime ?? D.regime) as typeof D.regime,
      epochs: int(flags.epochs) ?? D.epochs,
      learningRate: flags.lr !== undefined ? Number(flags.lr) : D.learningRate,
      batchSize: int(flags.batchSize) ?? D.batchSize,
      seed: int(flags.seed) ?? D.seed,
    };
    io.err(
      `fine-tuning ${pkg.card.name} (${pkg.card.id}): ${recipe.regime}, lr ${recipe.learningRate}, ${recipe.epochs} epochs, batch ${recipe.batchSize}, seed ${recipe.seed}`,
    );
    let started = false;
    let sum = 0;
    let steps = 0;
    const params = await fineTuneGign(pkg, items, {
      ...recipe,
      signal: ac.signal,
      onProgress: (p) => {
        const done = (p.member * p.epochs + p.epoch) * p.stepsPerEpoch + p.step;
        const live = {
          member: `${p.member + 1}/${p.members}`,
          epoch: `${p.epoch + 1}/${p.epochs}`,
          loss: fmt(p.loss, 4),
        };
        if (bar && !started) {
          bar.start(p.members * p.epochs * p.stepsPerEpoch, 0, live);
          started = true;
        }
        bar?.update(done, live);
        sum += p.loss;
        steps++;
        if (p.step === p.stepsPerEpoch) {
          if (!bar) io.err(`member ${live.member} epoch ${live.epoch} mean loss ${fmt(sum / steps, 4)}`);
          sum = 0;
          steps = 0;
        }
      },
    });
    bar?.stop();
    // In-sample figures (the data it was tuned on), before and after: a check, not a held-out score.
    const session = await createLocalSession(pkg.onnx, { intraOpThreads: 1 });
    const hp = arch.hyperParams;
    const graphs = items.map((i) => i.graph);
    const pK = items.map((i) => i.pK);
    const after = regressionMetrics(await predictGignGraphs(session, hp, params, graphs), pK);
    const before = regressionMetrics(await predictGignGraphs(session, hp, pkg.params, graphs), pK);
    await session.release();
    const figures = (m: typeof after) => ({ n: m.n, rmse: m.rmse, pearson: m.pearson, spearman: m.spearman });
    const modelDir = join(flags.out, 'model');
    const card = await saveFineTunedGign(modelDir, {
      base: pkg.card,
      params,
      data: { name: basename(resolve(flags.data)), count: items.length, contentHash: hash },
      recipe,
      metrics: { train: figures(after), trainBeforeFineTuning: figures(before) },
      ...(flags.name ? { name: flags.name } : {}),
    });
    if (flags.json) io.out(JSON.stringify({ modelDir, id: card.id, metrics: card.metrics }));
    else {
      io.out(`model saved to ${modelDir} (${card.id}, fine-tuned from ${pkg.card.id})`);
      io.out(
        `train (in-sample) n ${after.n}  RMSE ${fmt(after.rmse)}  Pearson ${fmt(after.pearson)}  (before: RMSE ${fmt(before.rmse)}  Pearson ${fmt(before.pearson)})`,
      );
    }
    return 0;
  } catch (e) {
    bar?.stop();
    if (ac.signal.aborted && e === ac.signal.reason) {
      io.err('stopped; nothing written');
      return 130;
    }
    if (!isCompassError(e)) throw e;
    io.err(`compass train --arch gign: ${e.message} [${e.code}]`);
    return 1;
  } finally {
    signals.off('SIGINT', onSigint);
  }
}
