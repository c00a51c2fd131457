/**
 * Trains the bundled COMPASS ViSNet demo (`npm run train:visnet`; it was the default before the GIGN port): fixed seed, licence-clean data only (OpenFF PLB,
 * CC-BY-4.0; Schrodinger FEP+ subsets, MIT), whole protein families held out for validation and test. Writes
 * packages/compass-sdk/models/compass-visnet. About 10-15 minutes on 2 CPU cores.
 */
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TrainingJob } from '../src/training/training-job.js';
import type { TrainingConfigInput } from '../src/training/config.js';
import { licenceCleanDataset } from './lto-data.js';

const here = dirname(fileURLToPath(import.meta.url));
const OUT = process.env.COMPASS_DEFAULT_OUT ?? join(here, '..', 'models', 'compass-visnet');

/** The recipe of the bundled model. Small on purpose: it must train on a laptop CPU and ship in the package. */
export const DEFAULT_MODEL_CONFIG: TrainingConfigInput = {
  mode: 'smoke_test',
  // smoke_test's 32 / 2 layers / 4 heads / 16 RBF on 5 A heavy-atom pockets, 16 nearest neighbours.
  hyperParams: { maxNeighbours: 16 },
  epochs: Number(process.env.COMPASS_DEFAULT_EPOCHS ?? 12),
  batchSize: 8,
  learningRate: 1e-3,
  optimiser: 'adamw',
  weightDecay: 1e-4,
  schedule: { kind: 'warmup-cosine', warmupEpochs: 1, minFactor: 0.05 },
  loss: 'huber',
  clipNorm: 1,
  coordNoiseStd: 0.05,
  // Learn within-series differences: series offsets do not transfer to an unseen protein.
  centreByTarget: true,
  earlyStopping: { patience: 4 },
  nanPolicy: 'skip',
  checkpoint: { everySteps: 200, keep: 2 },
  seed: 42,
  split: { kind: 'target', validation: 0.15, test: 0.2 },
  threads: 1,
};

async function main(): Promise<void> {
  const workDir = process.env.COMPASS_TRAIN_WORKDIR ?? join(tmpdir(), 'compass-train-visnet');
  // Keep cached features, drop any previous run's state so the result depends on the seed only.
  for (const p of ['checkpoints', 'model', 'result.json', 'job.json'])
    await rm(join(workDir, p), { recursive: true, force: true });
  const dataset = await licenceCleanDataset();
  const job = await TrainingJob.create({
    config: DEFAULT_MODEL_CONFIG,
    dataset,
    workDir,
    modelName: 'compass-visnet',
    modelDescription:
      'COMPASS ViSNet (32 hidden, 2 layers) trained by packages/compass-sdk/scripts/train-visnet.ts on the licence-clean ' +
      'congeneric series only: OpenFF protein-ligand-benchmark (CC-BY-4.0, Open Force Field Initiative) and the public ' +
      'Schrodinger FEP+ benchmark subsets (MIT). No PDBbind data. Validation and test metrics are on whole protein ' +
      'families held out from training (leave-target-out). A small CPU model: treat its pK as a rough estimate. ' +
      'Measured with this recipe (npm run evaluate:lto, docs/benchmarks.md): on the held-out families it does not ' +
      'rank ligands within a series better than chance (mean per-target Spearman 0.04; AutoDock Vina 0.22, ligand ' +
      'heavy-atom count 0.44): it is not yet worth more than those baselines.',
    modelLicense:
      'MIT (model); training data CC-BY-4.0 (OpenFF PLB, attribution) and MIT (Schrodinger FEP+ benchmark)',
  });
  const t0 = Date.now();
  job.on('log', (l) => console.error(l.message));
  job.on('epoch', (e) =>
    console.error(
      `epoch ${e.epoch + 1}/${e.epochs} loss ${e.trainLoss.toFixed(4)} val RMSE ${e.validation?.rmse.toFixed(3)} ` +
        `Pearson ${e.validation?.pearson.toFixed(3)} Spearman ${e.validation?.spearman.toFixed(3)} (${e.seconds.toFixed(0)} s)`,
    ),
  );
  const r = await job.start().done;
  await mkdir(dirname(OUT), { recursive: true });
  const tmp = `${OUT}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await cp(r.modelDir, tmp, { recursive: true });
  await rm(OUT, { recursive: true, force: true });
  await rename(tmp, OUT);
  console.log(JSON.stringify({ seconds: (Date.now() - t0) / 1000, ...r, modelDir: OUT }, null, 2));
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
