/** Scoring an RF-Score package on features tables through onnxruntime: the figures a card and `npm run evaluate` show. */
import { hostTensor } from '../runtime/host-tensor.js';
import { createLocalSession } from '../runtime/session.js';
import { regressionMetrics, type RegressionMetrics } from '../training/metrics.js';
import { RfScoreError } from './errors.js';
import type { RfScoreFeatureTable } from './features-csv.js';
import { RFSCORE_FEATURE_COUNT } from './features.js';
import { loadRfScorePackage, type RfScoreCard } from './model-package.js';
import { RFSCORE_ONNX_NAMES } from './onnx-export.js';

/** A package's figures on each table. */
export interface RfScoreEvaluation {
  readonly card: RfScoreCard;
  readonly results: readonly {
    readonly name: string;
    readonly metrics: RegressionMetrics;
    /** Mean of the trees' spread over the rows (forests only). */
    readonly meanUncertainty?: number;
  }[];
}

/**
 * Run the package in `dir` on every labelled table (one session run each, one thread) and compare with its pK.
 *
 * @example
 * const ev = await evaluateRfScorePackage('models/rf-score', { valid: await readRfScoreCsv('valid.csv') });
 * console.log(ev.results[0]!.metrics.pearson);
 * @throws {ModelPackageError} for a bad package; {@link RfScoreError} RFSCORE_BAD_CSV for an unlabelled table.
 */
export async function evaluateRfScorePackage(
  dir: string,
  tables: Readonly<Record<string, RfScoreFeatureTable>>,
): Promise<RfScoreEvaluation> {
  const pkg = await loadRfScorePackage(dir);
  const session = await createLocalSession(pkg.onnx, { provider: 'cpu', intraOpThreads: 1 });
  try {
    const results = [];
    for (const [name, t] of Object.entries(tables)) {
      if (!t.labelled)
        throw new RfScoreError('RFSCORE_BAD_CSV', `${t.source}: evaluation needs a pK column`, {
          details: { source: t.source, line: 1 },
        });
      const n = t.ids.length;
      const out = await session.run({
        [RFSCORE_ONNX_NAMES.input]: hostTensor(
          'float32',
          [n, RFSCORE_FEATURE_COUNT],
          Float32Array.from(t.features),
        ),
      });
      const pred = Array.from(out[RFSCORE_ONNX_NAMES.pK]!.data as Float32Array);
      const spread = out[RFSCORE_ONNX_NAMES.uncertainty]?.data as Float32Array | undefined;
      results.push({
        name,
        metrics: regressionMetrics(pred, Array.from(t.pK)),
        ...(spread ? { meanUncertainty: spread.reduce((s, v) => s + v, 0) / n } : {}),
      });
    }
    return { card: pkg.card, results };
  } finally {
    await session.release();
  }
}
