/**
 * RF-Score throughput on the gign-toyset (50 PDBbind complexes, whole proteins): rfscore-v1 features, the bundled
 * forest through onnxruntime, and both together, complexes per second on one core, beside the bundled GIGN
 * ensemble (its featurisation and its prediction) and the Vina scorer on the same parsed complexes in the same run.
 * The goal: features + prediction at least 5,000 complexes/s on one core. `npm run bench -- rfscore`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sharedDataAvailable, sharedDataDir } from '../support/shared-data.js';
import {
  parsePdb,
  parseSdf,
  type LigandRecord,
  type PdbStructure,
} from '../packages/compass-sdk/src/structure/index.js';
import { RfScoreReceptor, rfScoreFeatures } from '../packages/compass-sdk/src/rfscore/features.js';
import { RfScorePredictor } from '../packages/compass-sdk/src/rfscore/predictor.js';
import { buildGignGraph } from '../packages/compass-sdk/src/featurise/gign/graph.js';
import { bundledModelDir } from '../packages/compass-sdk/src/model-package/bundled.js';
import { loadPredictor } from '../packages/compass-sdk/src/predictor/load-predictor.js';
import { loadRfScorePackage } from '../packages/compass-sdk/src/rfscore/model-package.js';
import { readRfScoreCsv } from '../packages/compass-sdk/src/rfscore/features-csv.js';
import { createLocalSession } from '../packages/compass-sdk/src/runtime/session.js';
import { hostTensor } from '../packages/compass-sdk/src/runtime/host-tensor.js';
import { VinaPredictor } from '../packages/compass-sdk/src/scoring/vina-predictor.js';
import { seededRandom } from '../packages/compass-sdk/src/params/init.js';

const MODEL = join(import.meta.dirname, '..', 'packages', 'compass-sdk', 'models', 'rf-score');

/**
 * Complexes per second of CPU time (user + system of this process, one thread busy), with the wall-clock rate
 * beside it: on a shared machine the wall rate falls with the load, the CPU rate much less.
 */
const rate = (n: number, t: Timing) =>
  `${Math.round((n / t.cpuMs) * 1000).toLocaleString('en-US')}/s (wall ${Math.round((n / t.wallMs) * 1000).toLocaleString('en-US')}/s)`;

interface Timing {
  readonly calls: number;
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Repeat `f` until at least `minMs` have passed. */
async function timed(f: () => unknown, minMs = 1500): Promise<Timing> {
  await f(); // warm-up
  let calls = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  while (performance.now() - t0 < minMs) {
    await f();
    calls++;
  }
  const c = process.cpuUsage(c0);
  return { calls, wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

/** Print features, prediction and end-to-end rates, and Vina's on the same complexes. */
export async function run(): Promise<void> {
  if (!sharedDataAvailable()) {
    console.log('rfscore bench skipped: no shared data');
    return;
  }
  const root = join(sharedDataDir(), 'gign-toyset', 'complexes');
  const ids = readdirSync(root).sort();
  const files = ids.map((id) => ({
    pdb: gunzipSync(readFileSync(join(root, id, `${id}_protein.pdb.gz`))).toString('utf8'),
    sdf: readFileSync(join(root, id, `${id}_ligand.sdf`), 'utf8'),
  }));
  const parsed: { protein: PdbStructure; ligand: LigandRecord }[] = files.map((f) => ({
    protein: parsePdb(f.pdb),
    ligand: parseSdf(f.sdf).records[0]!,
  }));
  const atoms = parsed.reduce((s, c) => s + c.protein.atoms.count, 0) / parsed.length;
  console.log(
    `${ids.length} complexes, whole proteins (mean ${Math.round(atoms)} atoms), one thread; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
  );
  let pkg;
  try {
    pkg = await loadRfScorePackage(MODEL);
  } catch (e) {
    console.log(`rfscore bench skipped: no bundled model at ${MODEL} (${(e as Error).message})`);
    return;
  }
  const n = parsed.length;

  // 1. Features from parsed structures: one-off (protein cropped to the ligand box), binning a receptor per
  // complex, and poses against a receptor binned once.
  let t = await timed(() => parsed.forEach((c) => rfScoreFeatures(c.protein, c.ligand)));
  console.log(`features, one-off complex (cropped protein):   ${rate(t.calls * n, t)}`);
  t = await timed(() => parsed.forEach((c) => RfScoreReceptor.fromPdb(c.protein).features(c.ligand)));
  console.log(`features, receptor binned per complex:         ${rate(t.calls * n, t)}`);
  const receptors = parsed.map((c) => RfScoreReceptor.fromPdb(c.protein));
  const out = new Float64Array(36);
  t = await timed(() => parsed.forEach((c, i) => receptors[i]!.features(c.ligand, out)));
  console.log(`features, pose vs prepared receptor:           ${rate(t.calls * n, t)}`);

  // 2. The forest alone (onnxruntime, one intra-op thread) on 4,096 DISTINCT rows (GIGN's test2019 features): the
  // same rows run again and again keep their tree paths in cache and read up to 2x faster than real batches.
  const session = await createLocalSession(pkg.onnx, { provider: 'cpu', intraOpThreads: 1 });
  const test = await readRfScoreCsv(join(sharedDataDir(), 'gign-reference', 'rfscore-v1', 'test2019.csv'));
  const distinct = Float32Array.from(test.features.subarray(0, 4096 * 36));
  for (const batch of [16, 64, 256, 4096]) {
    const feeds = Array.from({ length: 4096 / batch }, (_, k) => ({
      features: hostTensor('float32', [batch, 36], distinct.slice(k * batch * 36, (k + 1) * batch * 36)),
    }));
    t = await timed(async () => {
      for (const f of feeds) await session.run(f);
    });
    console.log(
      `prediction only (${pkg.card.architecture.trees} trees), runs of ${String(batch).padEnd(5)}: ${rate(t.calls * 4096, t)}`,
    );
  }
  await session.release();

  // 3. Features + prediction through RfScorePredictor (batched session runs).
  const rf = await RfScorePredictor.load(MODEL, { intraOpThreads: 1, maxBatchSize: 256 });
  t = await timed(async () => {
    // Fresh protein objects each round so the receptor cache does not hide the binning cost.
    await rf.predictBatch(parsed.map((c) => ({ protein: { ...c.protein }, ligand: c.ligand })));
  });
  const perComplex = (t.calls * n) / t.cpuMs;
  console.log(`features + prediction, parsed complexes:       ${rate(t.calls * n, t)}`);
  const goal = (perMs: number) => (perMs * 1000 >= 5000 ? 'goal 5,000/s met' : 'goal 5,000/s NOT met');
  // Docking-like poses: complex 0's ligand shifted by up to 1 A per axis (seeded), in its own pocket.
  const random = seededRandom(1);
  const poses = Array.from({ length: 256 }, () => {
    const { ligand, protein } = parsed[0]!;
    const shift = [0, 1, 2].map(() => 2 * random() - 1);
    const coords = ligand.atoms.coords.map((v, k) => v + shift[k % 3]!);
    return { protein, ligand: { ...ligand, atoms: { ...ligand.atoms, coords } } };
  });
  t = await timed(() => rf.predictBatch(poses));
  console.log(`features + prediction, 256 poses, one protein: ${rate(t.calls * 256, t)}`);
  // Screening-like: 8 seeded poses in each of the 50 pockets (400 rows, distinct across proteins, so the forest's
  // paths do not stay in cache as they do for one ligand's poses); each receptor is binned once and kept.
  const screen = parsed.flatMap(({ ligand, protein }) =>
    Array.from({ length: 8 }, () => {
      const shift = [0, 1, 2].map(() => 2 * random() - 1);
      const coords = ligand.atoms.coords.map((v, k) => v + shift[k % 3]!);
      return { protein, ligand: { ...ligand, atoms: { ...ligand.atoms, coords } } };
    }),
  );
  t = await timed(() => rf.predictBatch(screen));
  const perPose = (t.calls * screen.length) / t.cpuMs;
  console.log(`features + prediction, 8 poses x 50 proteins:  ${rate(t.calls * screen.length, t)}`);
  t = await timed(() =>
    rf.predictBatch(files.map((f) => ({ protein: parsePdb(f.pdb), ligand: parseSdf(f.sdf).records[0]! }))),
  );
  console.log(`parse PDB + SDF + features + prediction:        ${rate(t.calls * n, t)}`);
  await rf.close();

  // 4. The bundled GIGN ensemble on the same parsed complexes: its featurisation (pocket, graph) and prediction.
  const gignDir = bundledModelDir();
  t = await timed(() =>
    parsed.forEach((c) => {
      try {
        buildGignGraph(c.protein, c.ligand);
      } catch {
        // a pose GIGN cannot featurise costs what it cost
      }
    }),
  );
  console.log(`gign featurisation, parsed complexes:           ${rate(t.calls * n, t)}`);
  const gign = await loadPredictor(gignDir, { intraOpThreads: 1, maxBatchSize: 32 });
  let gignFailed = 0;
  t = await timed(async () => {
    const out = await gign.predictBatchSettled(
      parsed.map((c) => ({ protein: { ...c.protein }, ligand: c.ligand })),
    );
    gignFailed = out.filter((o) => !o.ok).length;
  }, 3000);
  const gignPerComplex = (t.calls * n) / t.cpuMs;
  console.log(
    `gign ensemble features + prediction:            ${rate(t.calls * n, t)}${gignFailed ? ` (${gignFailed} of ${n} not featurised)` : ''}`,
  );
  await gign.close();

  // 5. Vina on the same parsed complexes: receptor typed per complex, and poses against a prepared receptor.
  const vina = new VinaPredictor();
  t = await timed(() => parsed.forEach((c) => vina.score({ protein: { ...c.protein }, ligand: c.ligand })));
  const vinaPerComplex = (t.calls * n) / t.cpuMs;
  console.log(`vina scorer, parsed complexes:                  ${rate(t.calls * n, t)}`);
  t = await timed(() => poses.forEach((p) => vina.score(p)));
  console.log(`vina scorer, 256 poses, one protein:            ${rate(t.calls * 256, t)}`);
  console.log(
    `rf-score features + prediction: ${Math.round(perComplex * 1000).toLocaleString('en-US')}/s parsed complexes (${goal(perComplex)}), ${Math.round(perPose * 1000).toLocaleString('en-US')}/s screening poses (${goal(perPose)}); ${(perComplex / gignPerComplex).toFixed(0)}x the gign ensemble, ${(perComplex / vinaPerComplex).toFixed(0)}x vina on parsed complexes`,
  );
}
