/**
 * RF-Score's valid and test2019 figures (`npx tsx --conditions=source packages/compass-sdk/scripts/evaluate-rfscore.ts
 * [package-dir]`): the bundled package (default) run through onnxruntime on GIGN's RF-Score v1 splits, beside
 * GIGN's own RandomForestRegressor baseline on test2019.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRfScoreCsv } from '../src/rfscore/features-csv.js';
import { evaluateRfScorePackage, type RfScoreEvaluation } from '../src/rfscore/evaluate.js';
import { sharedDataDir } from '../../../support/shared-data.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Folder of the bundled RF-Score package. */
export const BUNDLED_RFSCORE_DIR = join(here, '..', 'models', 'rf-score');

/** Evaluate a package on GIGN's valid and test2019 feature files. */
export async function evaluateRfScore(dir = BUNDLED_RFSCORE_DIR): Promise<RfScoreEvaluation> {
  const data = join(sharedDataDir(), 'gign-reference', 'rfscore-v1');
  return evaluateRfScorePackage(dir, {
    valid: await readRfScoreCsv(join(data, 'valid.csv')),
    test2019: await readRfScoreCsv(join(data, 'test2019.csv')),
  });
}

/** The lines `npm run evaluate` prints for RF-Score. */
export function formatRfScoreEvaluation(ev: RfScoreEvaluation): string[] {
  const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '-');
  const a = ev.card.architecture;
  const lines = [
    `rf-score ${ev.card.id}: ${a.kind}, ${a.trees} trees, ${a.nodes} nodes (rfscore-v1 features)`,
    `${'split'.padEnd(10)} ${'n'.padStart(5)} ${'Pearson'.padStart(8)} ${'RMSE'.padStart(7)} ${'Spearman'.padStart(8)}`,
    ...ev.results.map(
      (r) =>
        `${r.name.padEnd(10)} ${String(r.metrics.n).padStart(5)} ${f3(r.metrics.pearson).padStart(8)} ${f3(r.metrics.rmse).padStart(7)} ${f3(r.metrics.spearman).padStart(8)}`,
    ),
  ];
  // GIGN's published baseline: RandomForestRegressor(500 trees) on the same features, its own three runs.
  const base = join(sharedDataDir(), 'gign-reference', 'rfscore-v1', 'gign_rfscore_results_3runs.csv');
  const [head, ...rows] = readFileSync(base, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  const col = (name: string) => rows.map((r) => Number(r.split(',')[cols.indexOf(name)]));
  const range = (v: number[]) => `${f3(Math.min(...v))}-${f3(Math.max(...v))}`;
  lines.push(
    `GIGN's sklearn forest on test2019 (3 runs): Pearson ${range(col('test2019_pr'))}, RMSE ${range(col('test2019_rmse'))}`,
  );
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ev = await evaluateRfScore(process.argv[2] ?? BUNDLED_RFSCORE_DIR);
  console.log(formatRfScoreEvaluation(ev).join('\n'));
}
