/**
 * Our random forest against `ml-random-forest` 2.1.0 on GIGN's RF-Score v1 split, same seed, one run: train time
 * and valid / test2019 Pearson and RMSE. `npx tsx --conditions=source packages/compass-sdk/scripts/compare-rf-trainers.ts
 * [trees]` (default 50 trees each; ml-random-forest takes minutes per tree count of a few dozen on 12k rows).
 *
 * ml-random-forest draws `maxFeatures` once per tree (random subspaces) rather than per node: it runs with 5 features
 * per tree (its reading of GIGN's max_features=5), and with `--bagged` also with all 36 (bagged CART; measured here:
 * 5 trees did not finish in 15 minutes on a shared 2-core machine).
 */
import { join } from 'node:path';
import { RandomForestRegression } from 'ml-random-forest';
import { sharedDataDir } from '../../../support/shared-data.js';
import { readRfScoreCsv, type RfScoreFeatureTable } from '../src/rfscore/features-csv.js';
import { trainTreeEnsemble } from '../src/rfscore/train-ensemble.js';
import { predictEnsemble } from '../src/rfscore/tree-ensemble.js';
import { regressionMetrics } from '../src/training/metrics.js';

const trees = Number(process.argv[2] ?? 50);
const seed = 1;
const dir = join(sharedDataDir(), 'gign-reference', 'rfscore-v1');
const [train, valid, test] = (await Promise.all(
  ['train', 'valid', 'test2019'].map((s) => readRfScoreCsv(join(dir, `${s}.csv`))),
)) as [RfScoreFeatureTable, RfScoreFeatureTable, RfScoreFeatureTable];
const rows = (t: RfScoreFeatureTable) =>
  Array.from({ length: t.ids.length }, (_, i) => Array.from(t.features.subarray(i * 36, i * 36 + 36)));
const fmt = (pred: ArrayLike<number>, t: RfScoreFeatureTable) => {
  const m = regressionMetrics(Array.from(pred), Array.from(t.pK));
  return `R ${m.pearson.toFixed(3)} RMSE ${m.rmse.toFixed(3)}`;
};
const line = (name: string, s: number, pv: ArrayLike<number>, pt: ArrayLike<number>) =>
  console.log(
    `${name.padEnd(44)} train ${s.toFixed(1).padStart(6)} s | valid ${fmt(pv, valid)} | test2019 ${fmt(pt, test)}`,
  );

console.log(`${trees} trees each, seed ${seed}, ${train.ids.length} training rows, one thread`);
const own = await trainTreeEnsemble(
  { features: train.features, targets: train.pK, featureCount: 36 },
  { kind: 'random-forest', trees, seed },
);
line(
  'ours (max_features=5 per node, min_split=6)',
  own.seconds,
  predictEnsemble(own.model, valid.features).values,
  predictEnsemble(own.model, test.features).values,
);

for (const maxFeatures of process.argv.includes('--bagged') ? [5, 1.0] : [5]) {
  const t0 = performance.now();
  const rf = new RandomForestRegression({
    nEstimators: trees,
    maxFeatures,
    replacement: false,
    useSampleBagging: true,
    seed,
    noOOB: true,
    // ml-cart makes a leaf of a node with <= minNumSamples rows: 5 matches min_samples_split=6.
    treeOptions: { minNumSamples: 5 },
  });
  rf.train(rows(train), Array.from(train.pK));
  const s = (performance.now() - t0) / 1000;
  line(
    `ml-random-forest (maxFeatures=${maxFeatures} per tree)`,
    s,
    rf.predict(rows(valid)),
    rf.predict(rows(test)),
  );
}
