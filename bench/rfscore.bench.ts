/**
 * RF-Score throughput on the gign-toyset (50 PDBbind complexes, whole proteins): rfscore-v1 features, the bundled
 * forest through onnxruntime, and both together, complexes per second on one core, beside the Vina scorer on the
 * same parsed complexes in the same run. `npm run bench -- rfscore`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sharedDataAvailable, sharedDataDir } from '../packages/compass-sdk/src/shared-data.js';
import {
  parsePdb,
  parseSdf,
  type LigandRecord,
  type PdbStructure,
} from '../packages/compass-sdk/src/structure/index.js';
import { RfScoreReceptor } from '../packages/compass-sdk/src/rfscore/features.js';
import { RfScorePredictor } from '../packages/compass-sdk/src/rfscore/predictor.js';
import { loadRfScorePackage } from '../packages/compass-sdk/src/rfscore/model-package.js';
import { createLocalSession } from '../packages/compass-sdk/src/runtime/session.js';
import { hostTensor } from '../packages/compass-sdk/src/runtime/host-tensor.js';
import { VinaPredictor } from '../packages/compass-sdk/src/scoring/vina-predictor.js';

const MODEL = join(import.meta.dirname, '..', 'packages', 'compass-sdk', 'models', 'rf-score');

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;

/** Repeat `f` until at least `minMs` have passed; returns calls and elapsed ms. */
async function timed(f: () => unknown, minMs = 1500): Promise<[number, number]> {
  await f(); // warm-up
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    await f();
    calls++;
  }
  return [calls, performance.now() - t0];
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
  console.log(`${ids.length} complexes, whole proteins (mean ${Math.round(atoms)} atoms), one thread`);
  let pkg;
  try {
    pkg = await loadRfScorePackage(MODEL);
  } catch (e) {
    console.log(`rfscore bench skipped: no bundled model at ${MODEL} (${(e as Error).message})`);
    return;
  }
  const n = parsed.length;

  // 1. Features from parsed structures: receptor binned per complex, and against a receptor prepared once.
  let [calls, ms] = await timed(() =>
    parsed.forEach((c) => RfScoreReceptor.fromPdb(c.protein).features(c.ligand)),
  );
  console.log(`features, protein prepared per complex:        ${rate(calls * n, ms)}`);
  const receptors = parsed.map((c) => RfScoreReceptor.fromPdb(c.protein));
  const out = new Float64Array(36);
  [calls, ms] = await timed(() => parsed.forEach((c, i) => receptors[i]!.features(c.ligand, out)));
  console.log(`features, pose vs prepared receptor:           ${rate(calls * n, ms)}`);

  // 2. The forest alone (onnxruntime, one intra-op thread), batches of 50 and 4,096 rows.
  const session = await createLocalSession(pkg.onnx, { provider: 'cpu', intraOpThreads: 1 });
  const rows = Float32Array.from(
    parsed.flatMap((c) => Array.from(RfScoreReceptor.fromPdb(c.protein).features(c.ligand))),
  );
  for (const batch of [n, 4096]) {
    const x = new Float32Array(batch * 36);
    for (let i = 0; i < batch; i++) x.set(rows.subarray((i % n) * 36, (i % n) * 36 + 36), i * 36);
    const feeds = { features: hostTensor('float32', [batch, 36], x) };
    [calls, ms] = await timed(() => session.run(feeds));
    console.log(
      `prediction only (${pkg.card.architecture.trees} trees), batch ${String(batch).padEnd(5)}:  ${rate(calls * batch, ms)}`,
    );
  }
  await session.release();

  // 3. Features + prediction through RfScorePredictor (batched session runs).
  const rf = await RfScorePredictor.load(MODEL, { intraOpThreads: 1, maxBatchSize: 256 });
  [calls, ms] = await timed(async () => {
    // Fresh protein objects each round so the receptor cache does not hide the binning cost.
    await rf.predictBatch(parsed.map((c) => ({ protein: { ...c.protein }, ligand: c.ligand })));
  });
  const perComplex = (calls * n) / ms;
  console.log(`features + prediction, parsed complexes:       ${rate(calls * n, ms)}`);
  const poses = Array.from({ length: 256 }, (_, i) => ({
    protein: parsed[0]!.protein,
    ligand: parsed[i % n]!.ligand,
  }));
  [calls, ms] = await timed(() => rf.predictBatch(poses));
  console.log(`features + prediction, 256 poses, one protein: ${rate(calls * 256, ms)}`);
  [calls, ms] = await timed(() =>
    rf.predictBatch(files.map((f) => ({ protein: parsePdb(f.pdb), ligand: parseSdf(f.sdf).records[0]! }))),
  );
  console.log(`parse PDB + SDF + features + prediction:        ${rate(calls * n, ms)}`);
  await rf.close();

  // 4. Vina on the same parsed complexes: receptor typed per complex, and poses against a prepared receptor.
  const vina = new VinaPredictor();
  [calls, ms] = await timed(() =>
    parsed.forEach((c) => vina.score({ protein: { ...c.protein }, ligand: c.ligand })),
  );
  const vinaPerComplex = (calls * n) / ms;
  console.log(`vina scorer, parsed complexes:                  ${rate(calls * n, ms)}`);
  [calls, ms] = await timed(() => poses.forEach((p) => vina.score(p)));
  console.log(`vina scorer, 256 poses, one protein:            ${rate(calls * 256, ms)}`);
  console.log(
    `rf-score / vina on parsed complexes: ${(perComplex / vinaPerComplex).toFixed(1)}x (goal >= 5,000/s)`,
  );
}
