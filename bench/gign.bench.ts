/**
 * GIGN throughput (complexes/s) on the 50 GIGN toy-set complexes, next to the ORIGINAL PyTorch pipeline on the same
 * complexes in the same run (bench/reference/gign_pytorch.py: Debian python3-torch, RDKit, PyMOL, Open Babel and the
 * original code in the shared gign-reference folder; skipped with a reason where absent):
 *   featurisation (pocket cut, atom features, edges), forward of one checkpoint (single graphs and batches of 32),
 *   train step (Adam, batches of 32), and the whole path from files to the ensemble's pK.
 * Both sides run on one thread (torch.set_num_threads(1) in the reference; intraOpThreads 1 here), then ours again
 * with onnxruntime's default threads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompassPredictor, type ComplexInput } from '@compass/sdk';
import { buildInferenceProgram, buildTrainStepProgram, paramInput } from '@compass/sdk/graph';
import {
  buildGignGraph,
  createGignModelDef,
  createLocalSession,
  GIGN_PUBLISHED,
  gignBatchFeeds,
  type GignGraph,
  gignParamsFromStateDict,
  importGignCheckpoints,
  readLigands,
  readProtein,
  readTorchStateDictFile,
  type TensorMap,
  Trainer,
} from '@compass/sdk/engine';
import { sharedDataAvailable, sharedDataDir } from '../support/shared-data.js';

interface Reference {
  complexes: number;
  pipeline_featurise_s: number;
  pipeline_total_s: number;
  forward_single_s: number;
  forward_batch32_s: number;
  train_batch32_s: number;
  torch: string;
}

const perSecond = (n: number, ms: number): number => (n / ms) * 1000;
const fmt = (r: number): string => `${r.toFixed(1)}/s`;

async function timed(f: () => Promise<unknown> | unknown, minMs = 1500): Promise<number> {
  await f(); // warm-up
  let n = 0;
  const t = performance.now();
  while (performance.now() - t < minMs) {
    await f();
    n++;
  }
  return (performance.now() - t) / n;
}

function runReference(data: string, scratch: string): Reference | string {
  const script = fileURLToPath(new URL('./reference/gign_pytorch.py', import.meta.url));
  const probe = spawnSync('python3', ['-c', 'import torch, rdkit, pymol, pandas, tqdm'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0)
    return `python3 with torch, rdkit, pymol, pandas and tqdm not found (${probe.stderr.trim().split('\n').pop() ?? probe.error?.message})`;
  const r = spawnSync('python3', [script, data, scratch], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) return `reference failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Reference;
}

/** Print the figures. */
export async function run(): Promise<void> {
  if (!sharedDataAvailable()) {
    console.log('skipped: the GIGN bench needs the shared data (gign-toyset, gign-reference)');
    return;
  }
  const data = sharedDataDir();
  const toy = join(data, 'gign-toyset', 'complexes');
  const ids = (await readdir(toy)).filter((d) => !d.includes('.')).sort();
  const files = ids.map((id) => ({
    protein: join(toy, id, `${id}_protein.pdb.gz`),
    ligand: join(toy, id, `${id}_ligand.mol2`),
  }));
  const scratch = await mkdtemp(join(tmpdir(), 'compass-gign-bench-'));
  try {
    const ref = runReference(data, join(scratch, 'reference'));
    const ratio = (ours: number, theirs: number | undefined): string =>
      theirs === undefined ? '' : `  ${(ours / theirs).toFixed(2)}x PyTorch (${fmt(theirs)})`;
    if (typeof ref === 'string') console.log(`reference column skipped: ${ref}`);
    else
      console.log(
        `reference: original GIGN pipeline, torch ${ref.torch}, 1 thread, ${ref.complexes} complexes`,
      );
    const R = typeof ref === 'string' ? undefined : ref;

    // The whole path, files to the ensemble's pK, as a user runs it: parse, cut, featurise, predict.
    const ckpts = [0, 1, 2].map((r) => ({
      path: join(data, 'gign-reference', 'checkpoints', `repeat${r}.pt`),
    }));
    const ensembleDir = join(scratch, 'gign-ensemble');
    await importGignCheckpoints(ckpts, ensembleDir);
    const predictor = await CompassPredictor.load(ensembleDir, {
      intraOpThreads: 1,
      maxBatchSize: 32,
      maxQueueDelayMs: 0,
    });
    const wholeMs = await timed(async () => {
      const inputs: ComplexInput[] = [];
      for (const f of files) {
        const [protein, ligands] = await Promise.all([readProtein(f.protein), readLigands(f.ligand)]);
        inputs.push({ protein, ligand: ligands.records[0]! });
      }
      await predictor.predictBatch(inputs);
    }, 3000);
    await predictor.close();
    const whole = perSecond(files.length, wholeMs);
    console.log(
      `files to ensemble pK (3 checkpoints): ${fmt(whole)}${ratio(whole, R && R.complexes / R.pipeline_total_s)}`,
    );

    const inputs: ComplexInput[] = [];
    for (const f of files) {
      const [protein, ligands] = await Promise.all([readProtein(f.protein), readLigands(f.ligand)]);
      inputs.push({ protein, ligand: ligands.records[0]! });
    }
    let graphs: GignGraph[] = [];
    const parsedMs = await timed(() => (graphs = inputs.map((i) => buildGignGraph(i.protein, i.ligand))));
    const fromFilesMs = await timed(async () => {
      for (const f of files) {
        const [protein, ligands] = await Promise.all([readProtein(f.protein), readLigands(f.ligand)]);
        buildGignGraph(protein, ligands.records[0]!);
      }
    });
    const feat = perSecond(files.length, fromFilesMs);
    console.log(
      `featurisation from files (parse, pocket, features, edges): ${fmt(feat)}${ratio(feat, R && R.complexes / R.pipeline_featurise_s)}; from parsed structures ${fmt(perSecond(inputs.length, parsedMs))}`,
    );

    const single = createGignModelDef(GIGN_PUBLISHED);
    const sd = gignParamsFromStateDict(await readTorchStateDictFile(ckpts[0]!.path), GIGN_PUBLISHED);
    const params: TensorMap = Object.fromEntries(Object.entries(sd).map(([k, t]) => [paramInput(k), t]));
    const batch32 = Array.from({ length: 32 }, (_, i) => graphs[i % graphs.length]!);
    for (const threads of [1, undefined]) {
      const label = threads === 1 ? '1 thread' : 'default threads';
      const session = await createLocalSession(
        buildInferenceProgram(single).onnx,
        threads ? { intraOpThreads: threads } : {},
      );
      const singleFeeds = graphs.map((g) => ({ ...params, ...gignBatchFeeds([g], GIGN_PUBLISHED) }));
      const sMs = await timed(async () => {
        for (const f of singleFeeds) await session.run(f);
      });
      const bFeeds = { ...params, ...gignBatchFeeds(batch32, GIGN_PUBLISHED) };
      const bMs = await timed(() => session.run(bFeeds));
      await session.release();
      const s = perSecond(graphs.length, sMs);
      const b = perSecond(32, bMs);
      console.log(
        `forward, one checkpoint, ${label}: single ${fmt(s)}${threads === 1 ? ratio(s, R && 1 / R.forward_single_s) : ''}; batch of 32 ${fmt(b)}${threads === 1 ? ratio(b, R && 1 / R.forward_batch32_s) : ''}`,
      );
    }
    const program = buildTrainStepProgram(createGignModelDef(GIGN_PUBLISHED), {
      optimiser: { kind: 'adam' },
    });
    const trainer = await Trainer.create(program, sd, { settings: { intraOpThreads: 1 } });
    const trainFeeds = gignBatchFeeds(batch32, GIGN_PUBLISHED, { targets: batch32.map(() => 6) });
    const tMs = await timed(() => trainer.step(trainFeeds, 5e-4));
    const t = perSecond(32, tMs);
    console.log(`train step (Adam, batch of 32), 1 thread: ${fmt(t)}${ratio(t, R && 1 / R.train_batch32_s)}`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
