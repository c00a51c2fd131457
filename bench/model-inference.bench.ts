/**
 * COMPASS model inference throughput (complexes/s), single calls and batches of 32, prototyping and production sizes,
 * with peak memory; baselines in the same run: featurisation alone (pocket cut + features) and the Vina scorer on
 * the same complexes. Inputs: Schrodinger FEP poses (jacs_set: tyk2, p38, bace, cdk2) from the shared data, else the
 * committed TYK2 fixture. Parameters are freshly initialised: speed does not depend on training.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CompassPredictor,
  type ComplexInput,
  parseLigands,
  parseProtein,
  saveModelPackage,
  VinaPredictor,
} from '@compass/sdk';
import { initParams } from '@compass/sdk/graph';
import {
  compassBatchFeeds,
  countCompassParams,
  createCompassModelDef,
  type DevelopmentMode,
  prepareComplex,
  resolveHyperParams,
} from '@compass/sdk/engine';
import { sharedDataAvailable, sharedDataDir } from '../support/shared-data.js';

const SYSTEMS = ['tyk2', 'p38', 'bace', 'cdk2'];
const BATCH = 32;
// A production-size batch of 32 peaked at 13 GB RSS (10 A pockets): too much beside other work on a 23 GB machine.
const PRODUCTION_BATCH = Number(process.env.BENCH_PRODUCTION_BATCH ?? 8);

function loadComplexes(): { inputs: ComplexInput[]; source: string } {
  const inputs: ComplexInput[] = [];
  if (sharedDataAvailable()) {
    const dir = join(sharedDataDir(), 'schrodinger-fep', 'jacs_set');
    for (const s of SYSTEMS) {
      const protein = parseProtein(readFileSync(join(dir, `${s}_protein.pdb`)), {
        source: `${s}_protein.pdb`,
      });
      const ligands = parseLigands(readFileSync(join(dir, `${s}_ligands.sdf`)), {
        source: `${s}_ligands.sdf`,
      });
      for (const ligand of ligands.records.slice(0, 16)) inputs.push({ protein, ligand, id: ligand.name });
    }
    return {
      inputs,
      source: `schrodinger-fep jacs_set (${SYSTEMS.join(', ')}), ${inputs.length} poses, whole proteins`,
    };
  }
  const fx = fileURLToPath(new URL('../packages/compass-sdk/test/fixtures/scoring/', import.meta.url));
  const protein = parseProtein(readFileSync(`${fx}tyk2_pocket.pdb`), { source: 'tyk2_pocket.pdb' });
  const ligands = parseLigands(readFileSync(`${fx}tyk2_ligands.sdf`), { source: 'tyk2_ligands.sdf' }).records;
  for (let i = 0; i < 64; i++) inputs.push({ protein, ligand: ligands[i % ligands.length]!, id: String(i) });
  return { inputs, source: 'TYK2 fixture pocket (shared data absent), 3 poses repeated to 64' };
}

const rate = (n: number, ms: number): string => `${((n / ms) * 1000).toFixed(1)}/s`;
const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;
const maxRss = (): number => process.resourceUsage().maxRSS;

async function time(f: () => Promise<unknown> | unknown): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

/** Print the figures. */
export async function run(): Promise<void> {
  const { inputs, source } = loadComplexes();
  console.log(`inputs: ${source}`);
  const root = await mkdtemp(join(tmpdir(), 'compass-bench-'));
  try {
    const vina = new VinaPredictor();
    vina.score(inputs[0]!); // receptor typing of the first protein outside the timing
    const vinaMs = await time(() => inputs.forEach((i) => vina.score(i)));
    console.log(`baseline vina scorer (same poses): ${rate(inputs.length, vinaMs)}`);
    for (const mode of ['prototyping', 'production'] as DevelopmentMode[]) {
      const hp = resolveHyperParams(mode);
      const model = createCompassModelDef(hp);
      const dir = join(root, mode);
      await saveModelPackage(dir, {
        hyperParams: hp,
        params: initParams(model, { seed: 1 }),
        name: `bench-${mode}`,
        target: { mean: 6.4, std: 1.8 },
      });
      const prepared = inputs.map((i) => prepareComplex(i.protein, i.ligand, hp));
      const featMs = await time(() => inputs.forEach((i) => prepareComplex(i.protein, i.ligand, hp)));
      const atoms = prepared.map((c) => c.numAtoms).sort((a, b) => a - b);
      const size = mode === 'production' ? PRODUCTION_BATCH : BATCH;
      const feeds = compassBatchFeeds(prepared.slice(0, size), hp);
      const edges = (feeds.mask!.data as Float32Array).reduce((a, b) => a + b, 0) / size;
      console.log(
        `\n${mode}: hidden ${hp.hidden}, ${hp.layers} layers, ${countCompassParams(hp)} params, ${hp.pocketRadius} A heavy-atom pockets ` +
          `(median ${atoms[atoms.length >> 1]} atoms, ${edges.toFixed(0)} edges per complex; K ${feeds.nbr!.dims[1]})`,
      );
      console.log(`  baseline featurisation alone: ${rate(inputs.length, featMs)}`);
      const p = await CompassPredictor.load(dir, { maxBatchSize: size, maxQueueDelayMs: 0 });
      await p.predict(inputs[0]!); // session warm-up
      const singles = mode === 'production' ? 4 : 24;
      const singleMs = await time(async () => {
        for (const i of inputs.slice(0, singles)) await p.predict(i);
      });
      const rssSingle = maxRss();
      const batches = mode === 'production' ? 1 : 2;
      let last: Awaited<ReturnType<typeof p.predictBatch>> = [];
      const batchMs = await time(async () => {
        for (let b = 0; b < batches; b++) last = await p.predictBatch(inputs.slice(b * size, (b + 1) * size));
      });
      const n = batches * size;
      const t = last[0]!.details!.timings as { batchSize: number; runMs: number };
      await p.close();
      console.log(
        `  single calls: ${rate(singles, singleMs)} (${(singleMs / singles).toFixed(0)} ms each, featurisation included)`,
      );
      console.log(
        `  batches of ${size}: ${rate(n, batchMs)} (session run ${t.runMs.toFixed(0)} ms for ${t.batchSize}); ` +
          `batch/single ${(n / batchMs / (singles / singleMs)).toFixed(2)}x; vs featurisation alone ${(n / batchMs / (inputs.length / featMs)).toFixed(3)}x; vs vina ${(n / batchMs / (inputs.length / vinaMs)).toFixed(3)}x`,
      );
      console.log(`  peak RSS: ${mb(rssSingle)} after single calls, ${mb(maxRss())} after batches`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
