/**
 * RF-Score in the fine-tuning evaluation: the bundled forest zero-shot (through onnxruntime, as served), and the
 * forest refitted on GIGN's PDBbind train rows plus a series' own rows weighted up (refitTreeEnsemble). The refit
 * recipe is chosen on dev splits inside the fine-tuning halves (see evaluate-finetune.ts), never on held-out ligands.
 */
import { join } from 'node:path';
import { readRfScoreCsv } from '../src/rfscore/features-csv.js';
import { RFSCORE_FEATURE_COUNT } from '../src/rfscore/features.js';
import { loadRfScorePackage, type LoadedRfScorePackage } from '../src/rfscore/model-package.js';
import { RFSCORE_ONNX_NAMES } from '../src/rfscore/onnx-export.js';
import { refitTreeEnsemble } from '../src/rfscore/refit.js';
import type { TreeTrainingSet } from '../src/rfscore/tree-data.js';
import { predictEnsemble } from '../src/rfscore/tree-ensemble.js';
import type { RandomForestOptions } from '../src/rfscore/train-options.js';
import { hostTensor } from '../src/runtime/host-tensor.js';
import { createLocalSession, type ModelSession } from '../src/runtime/session.js';
import { BUNDLED_RFSCORE_DIR } from './evaluate-rfscore.js';
import type { SeriesLigand } from './finetune-series.js';

/**
 * One refit recipe: `trees` of the bundled forest's options, the series' rows together weighing `share` times the
 * general rows (each own row's weight is `share * general / own`).
 */
export interface RfRefitRecipe {
  readonly trees: number;
  readonly share: number;
}

/**
 * Candidates of the dev choice. 30 trees (the bundled forest has 145) keep a refit at about 3 s on one core, so
 * three candidates on the 35 inner dev splits and the final refits fit in one evaluation run.
 */
export const RF_REFIT_CANDIDATES: readonly RfRefitRecipe[] = [
  { trees: 30, share: 0.1 },
  { trees: 30, share: 1 },
  { trees: 30, share: 10 },
];

/** The bundled RF-Score package with its session and GIGN's train rows (the refits' general rows). */
export interface RfContext {
  readonly pkg: LoadedRfScorePackage;
  readonly session: ModelSession;
  readonly general: TreeTrainingSet;
  readonly options: RandomForestOptions;
}

/** Load the bundled forest, open its session (one thread) and read GIGN's RF-Score train split. */
export async function openRfContext(dataDir: string): Promise<RfContext> {
  const pkg = await loadRfScorePackage(BUNDLED_RFSCORE_DIR);
  const options = pkg.card.architecture.options;
  if (options.kind !== 'random-forest')
    throw new Error('the bundled rf-score package is not a random forest');
  const train = await readRfScoreCsv(join(dataDir, 'gign-reference', 'rfscore-v1', 'train.csv'));
  const session = await createLocalSession(pkg.onnx, { provider: 'cpu', intraOpThreads: 1 });
  return {
    pkg,
    session,
    options,
    general: { features: train.features, targets: train.pK, featureCount: RFSCORE_FEATURE_COUNT },
  };
}

function rows(ligands: readonly SeriesLigand[]): Float32Array {
  const x = new Float32Array(ligands.length * RFSCORE_FEATURE_COUNT);
  ligands.forEach((l, i) => x.set(l.rf, i * RFSCORE_FEATURE_COUNT));
  return x;
}

/** The bundled forest's pK for each ligand, one session run. */
export async function rfZeroShot(ctx: RfContext, ligands: readonly SeriesLigand[]): Promise<number[]> {
  if (ligands.length === 0) return [];
  const out = await ctx.session.run({
    [RFSCORE_ONNX_NAMES.input]: hostTensor('float32', [ligands.length, RFSCORE_FEATURE_COUNT], rows(ligands)),
  });
  return Array.from(out[RFSCORE_ONNX_NAMES.pK]!.data as Float32Array);
}

/** Refit on the general rows plus `tune` (recipe, seeded) and predict `test`. */
export async function rfRefitPredict(
  ctx: RfContext,
  recipe: RfRefitRecipe,
  tune: readonly SeriesLigand[],
  test: readonly SeriesLigand[],
  seed: number,
): Promise<number[]> {
  const own: TreeTrainingSet = {
    features: rows(tune),
    targets: Float64Array.from(tune.map((l) => l.pK)),
    featureCount: RFSCORE_FEATURE_COUNT,
  };
  const r = await refitTreeEnsemble(ctx.general, own, {
    options: { ...ctx.options, trees: recipe.trees, seed: seed | 0 },
    weight: (recipe.share * ctx.general.targets.length) / tune.length,
  });
  return Array.from(predictEnsemble(r.model, rows(test)).values);
}

/** `30 trees, share 1`. */
export function describeRecipe(r: RfRefitRecipe): string {
  return `${r.trees} trees, own rows weigh ${r.share}x the PDBbind rows`;
}
