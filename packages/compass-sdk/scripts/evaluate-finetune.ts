/**
 * `npm run evaluate -- finetune`: fine-tuning the bundled models on a lab's own series. For every OpenFF PLB target
 * and Schrodinger FEP+ system with at least 16 labelled ligands, a seeded half of its ligands fine-tunes the GIGN
 * ensemble (GIGN_FINE_TUNE_DEFAULTS) and refits RF-Score (PDBbind train rows plus the half, weighted), and the other
 * half is predicted; per series and as means of per-series Pearson and Spearman: GIGN and RF-Score fine-tuned and
 * zero-shot, the GIGN + RF-Score ensemble of each (one weight, chosen on dev splits), Vina and the ligand heavy-atom
 * count; then the CDK2, TYK2, JNK1 and P38 (schrodinger-fep/jacs_set) mean Pearson beside Boltz-2's 0.66.
 *
 * Dev splits come first: each series' fine-tuning half is split again (seeded); the RF-Score refit recipe
 * (RF_REFIT_CANDIDATES) and the ensemble weights are chosen there, and the zero-shot ensemble's weight on the whole
 * fine-tuning halves (no zero-shot model saw them). No held-out ligand takes part in any choice.
 *
 * `--select` chooses the regime without touching any held-out half: each series' fine-tuning half is split again
 * (seeded), candidates fine-tune on one inner half and are scored on the other. Flags: `--regime`, `--lr`,
 * `--epochs`, `--batch` override the defaults; `--only a,b` keeps series whose name contains a or b.
 */
import { parseArgs } from 'node:util';
import {
  GIGN_FINE_TUNE_DEFAULTS,
  GignFineTuner,
  type GignFineTuneRegime,
} from '../src/training/gign-fine-tune.js';
import { predictGignGraphs } from '../src/model/gign/predict-graphs.js';
import type { GignHyperParams } from '../src/model/gign/hyper-params.js';
import { bundledModelDir } from '../src/model-package/bundled.js';
import { loadModelPackage, type LoadedModelPackage } from '../src/model-package/load.js';
import type { TensorMap } from '../src/runtime/host-tensor.js';
import { createLocalSession, type ModelSession } from '../src/runtime/session.js';
import { sharedDataAvailable, sharedDataDir } from '../../../support/shared-data.js';
import { trainingConfigSchema } from '../src/training/config.js';
import { regressionMetrics } from '../src/training/metrics.js';
import { blend, chooseBlendWeight } from './finetune-blend.js';
import {
  describeRecipe,
  openRfContext,
  RF_REFIT_CANDIDATES,
  rfRefitPredict,
  rfZeroShot,
  type RfContext,
  type RfRefitRecipe,
} from './finetune-rfscore.js';
import { halves, loadSeries, MIN_SERIES_LIGANDS, type Series, type SeriesLigand } from './finetune-series.js';

/** The Boltz-2 comparison set: jacs_set systems (JNK1 is `jnk1_manual_flips` there). */
const JACS_FOUR = ['jacs_set/cdk2', 'jacs_set/tyk2', 'jacs_set/jnk1_manual_flips', 'jacs_set/p38'];
const METHODS = [
  'gign tuned',
  'gign zero',
  'rf tuned',
  'rf zero',
  'ens tuned',
  'ens zero',
  'vina',
  'heavy atoms',
] as const;
/** The GIGN regime selection (--select) scores these. */
const SELECT_METHODS = ['gign tuned', 'gign zero', 'vina', 'heavy atoms'] as const;
type Method = (typeof METHODS)[number];

interface Config {
  readonly regime: GignFineTuneRegime;
  readonly learningRate: number;
  readonly epochs: number;
  readonly batchSize: number;
}

interface Context {
  readonly pkg: LoadedModelPackage;
  readonly hp: GignHyperParams;
  readonly infer: ModelSession;
  readonly tuners: Map<GignFineTuneRegime, GignFineTuner>;
}

/** A stable per-series seed, so adding a series does not move the others' splits. */
function seriesSeed(name: string, seed: number): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

async function tuner(ctx: Context, regime: GignFineTuneRegime): Promise<GignFineTuner> {
  let t = ctx.tuners.get(regime);
  if (!t) ctx.tuners.set(regime, (t = await GignFineTuner.create(ctx.hp, { regime })));
  return t;
}

const f2 = (v: number | undefined): string =>
  v === undefined || !Number.isFinite(v) ? '   - ' : v.toFixed(2).padStart(5);
const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

type Figures = Partial<Record<Method, { pearson: number; spearman: number }>>;

function meansOf(rows: readonly { r: Figures }[], methods: readonly Method[] = METHODS): string {
  // Means over the series where every method has a figure, so the columns compare like with like.
  const full = rows.filter((x) => methods.every((k) => Number.isFinite(x.r[k]?.pearson)));
  return (
    methods
      .map((k) => {
        const p = mean(full.map((x) => x.r[k]!.pearson));
        const s = mean(full.map((x) => x.r[k]!.spearman));
        return `${k} R ${f2(p)} rho ${f2(s)}`;
      })
      .join(' | ') + `  (${full.length} series)`
  );
}

function describe(c: Config): string {
  return `${c.regime}, lr ${c.learningRate}, ${c.epochs} epochs, batch ${c.batchSize}`;
}

/** The ligands scored: those GIGN reads, or all of them when it reads none (then GIGN has no figure). */
const readOr = (test: readonly SeriesLigand[]): SeriesLigand[] => {
  const read = test.filter((l) => l.graph);
  return read.length > 0 ? read : [...test];
};

/** Zero-shot and fine-tuned GIGN ensemble pK on `on`, fine-tuned on the `tune` ligands GIGN reads. */
async function gignPredict(
  ctx: Context,
  cfg: Config,
  tune: readonly SeriesLigand[],
  on: readonly SeriesLigand[],
  seed: number,
): Promise<{ zero?: number[]; tuned?: number[] }> {
  if (!on.every((l) => l.graph)) return {};
  const graphs = on.map((l) => l.graph!);
  const zero = await predictGignGraphs(ctx.infer, ctx.hp, ctx.pkg.params, graphs);
  const items = tune.filter((l) => l.graph).map((l) => ({ graph: l.graph!, pK: l.pK }));
  if (items.length < 2) return { zero };
  const t = await tuner(ctx, cfg.regime);
  const params: TensorMap = await t.run(ctx.pkg.params, items, { ...cfg, seed });
  return { zero, tuned: await predictGignGraphs(ctx.infer, ctx.hp, params, graphs) };
}

const figures = (p: readonly number[] | undefined, y: readonly number[]) => {
  if (!p) return undefined;
  const x = regressionMetrics(p, y);
  return { pearson: x.pearson, spearman: x.spearman };
};

/** GIGN Pearson and Spearman on `test` (ligands GIGN can read), with Vina and the heavy-atom count (--select). */
async function scoreSplit(
  ctx: Context,
  cfg: Config,
  tune: readonly SeriesLigand[],
  test: readonly SeriesLigand[],
  seed: number,
): Promise<{ n: number; r: Figures }> {
  const on = readOr(test);
  const y = on.map((l) => l.pK);
  const g = await gignPredict(ctx, cfg, tune, on, seed);
  const r: Figures = {};
  for (const [k, v] of [
    ['gign tuned', g.tuned],
    ['gign zero', g.zero],
    ['vina', on.map((l) => l.vina)],
    ['heavy atoms', on.map((l) => l.heavyAtoms)],
  ] as const) {
    const f = figures(v, y);
    if (f) r[k] = f;
  }
  return { n: on.length, r };
}

/** One series' dev predictions: inner halves of its fine-tuning half, and the whole fine-tuning half (zero-shot). */
interface DevSeries {
  readonly name: string;
  readonly y: number[];
  readonly gignTuned?: number[];
  readonly gignZero?: number[];
  readonly rfTuned: number[][];
  readonly rfZero: number[];
  /** Zero-shot models on the whole fine-tuning half (none of it trained them): the zero-shot blend's dev set. */
  readonly tuneHalf: { y: number[]; gign?: number[]; rf: number[] };
}

async function devPass(
  ctx: Context,
  rf: RfContext,
  series: readonly Series[],
  cfg: Config,
  seed: number,
): Promise<DevSeries[]> {
  console.log(
    `\ndev splits (seed ${seed + 1}): each series' fine-tuning half split again; models tuned on one inner half, scored on the other. No held-out ligand is used.`,
  );
  const out: DevSeries[] = [];
  for (const s of series) {
    const t0 = performance.now();
    const { tune } = halves(s.ligands, seriesSeed(s.name, seed));
    const inner = halves(tune, seriesSeed(s.name, seed + 1));
    const on = readOr(inner.test);
    const g = await gignPredict(ctx, cfg, inner.tune, on, seed);
    const rfTuned: number[][] = [];
    for (const c of RF_REFIT_CANDIDATES)
      rfTuned.push(await rfRefitPredict(rf, c, inner.tune, on, seriesSeed(s.name, seed + 1)));
    const half = readOr(tune);
    const gHalf = half.every((l) => l.graph)
      ? await predictGignGraphs(
          ctx.infer,
          ctx.hp,
          ctx.pkg.params,
          half.map((l) => l.graph!),
        )
      : undefined;
    out.push({
      name: s.name,
      y: on.map((l) => l.pK),
      ...(g.tuned ? { gignTuned: g.tuned } : {}),
      ...(g.zero ? { gignZero: g.zero } : {}),
      rfTuned,
      rfZero: await rfZeroShot(rf, on),
      tuneHalf: {
        y: half.map((l) => l.pK),
        ...(gHalf ? { gign: gHalf } : {}),
        rf: await rfZeroShot(rf, half),
      },
    });
    console.log(
      `  ${s.name.padEnd(42)} ${inner.tune.length} tune, ${on.length} scored  ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  }
  return out;
}

const meanR = (rows: readonly { p: readonly number[]; y: readonly number[] }[]) =>
  mean(rows.map((r) => regressionMetrics([...r.p], [...r.y]).pearson).filter(Number.isFinite));

/** What the dev splits choose: the RF-Score refit recipe and the two blend weights. */
interface DevChoice {
  readonly recipe: RfRefitRecipe;
  readonly tunedWeight: number;
  readonly zeroWeight: number;
}

function chooseOnDev(dev: readonly DevSeries[]): DevChoice {
  // Candidates compared on the series where GIGN reads the dev ligands too, so every line is on the same rows.
  const both = dev.filter((d) => d.gignTuned && d.gignZero);
  console.log(`\ndev mean per-series Pearson (${both.length} series GIGN reads):`);
  console.log(
    `  gign tuned ${f2(meanR(both.map((d) => ({ p: d.gignTuned!, y: d.y }))))}   gign zero ${f2(meanR(both.map((d) => ({ p: d.gignZero!, y: d.y }))))}   rf zero ${f2(meanR(both.map((d) => ({ p: d.rfZero, y: d.y }))))}`,
  );
  const scores = RF_REFIT_CANDIDATES.map((c, k) => meanR(both.map((d) => ({ p: d.rfTuned[k]!, y: d.y }))));
  RF_REFIT_CANDIDATES.forEach((c, k) =>
    console.log(`  rf tuned, ${describeRecipe(c).padEnd(44)} ${f2(scores[k])}`),
  );
  const best = scores.indexOf(Math.max(...scores));
  const recipe = RF_REFIT_CANDIDATES[best]!;
  console.log(`  chosen rf refit: ${describeRecipe(recipe)}`);
  const tuned = chooseBlendWeight(both.map((d) => ({ gign: d.gignTuned!, rf: d.rfTuned[best]!, pK: d.y })));
  const zeroDev = dev.filter((d) => d.tuneHalf.gign);
  const zero = chooseBlendWeight(
    zeroDev.map((d) => ({ gign: d.tuneHalf.gign!, rf: d.tuneHalf.rf, pK: d.tuneHalf.y })),
  );
  const line = (c: ReturnType<typeof chooseBlendWeight>) =>
    c.curve.map((x) => `${x.weight.toFixed(1)}:${f2(x.pearson).trim()}`).join(' ');
  const verdict = (w: number) =>
    w > 0 && w < 1
      ? 'beats both single models on dev'
      : `no better than ${w === 0 ? 'GIGN' : 'RF-Score'} alone on dev`;
  console.log(`  ensemble, tuned models, rf weight -> dev R (inner splits): ${line(tuned)}`);
  console.log(`    chosen rf weight ${tuned.weight.toFixed(1)}: ${verdict(tuned.weight)}`);
  console.log(
    `  ensemble, zero-shot models, rf weight -> dev R (whole fine-tuning halves, ${zeroDev.length} series): ${line(zero)}`,
  );
  console.log(`    chosen rf weight ${zero.weight.toFixed(1)}: ${verdict(zero.weight)}`);
  return { recipe, tunedWeight: tuned.weight, zeroWeight: zero.weight };
}

async function evaluate(
  ctx: Context,
  rf: RfContext,
  series: readonly Series[],
  cfg: Config,
  seed: number,
): Promise<void> {
  const choice = chooseOnDev(await devPass(ctx, rf, series, cfg, seed));
  console.log(
    `\nheld-out halves (seed ${seed}): gign tuned = ${describe(cfg)}; rf tuned = refit, ${describeRecipe(choice.recipe)}; ens = (1 - w) gign + w rf, w ${choice.tunedWeight.toFixed(1)} tuned / ${choice.zeroWeight.toFixed(1)} zero-shot (chosen on dev); R = Pearson, rho = Spearman`,
  );
  console.log(
    `${'series'.padEnd(42)} tune test fail  ${METHODS.map((k) => `${k.padStart(11)} R   rho`).join('  ')}`,
  );
  const rows: { name: string; r: Figures }[] = [];
  for (const s of series) {
    const t0 = performance.now();
    const { tune, test } = halves(s.ligands, seriesSeed(s.name, seed));
    const on = readOr(test);
    const y = on.map((l) => l.pK);
    const g = await gignPredict(ctx, cfg, tune, on, seed);
    const rfTuned = await rfRefitPredict(rf, choice.recipe, tune, on, seriesSeed(s.name, seed));
    const rfZero = await rfZeroShot(rf, on);
    const preds: Partial<Record<Method, number[]>> = {
      'gign tuned': g.tuned,
      'gign zero': g.zero,
      'rf tuned': rfTuned,
      'rf zero': rfZero,
      'ens tuned': g.tuned && blend(g.tuned, rfTuned, choice.tunedWeight),
      'ens zero': g.zero && blend(g.zero, rfZero, choice.zeroWeight),
      vina: on.map((l) => l.vina),
      'heavy atoms': on.map((l) => l.heavyAtoms),
    };
    const r: Figures = {};
    for (const k of METHODS) {
      const f = figures(preds[k], y);
      if (f) r[k] = f;
    }
    rows.push({ name: s.name, r });
    const failed = s.ligands.filter((l) => !l.graph);
    const cells = METHODS.map((k) => `${' '.repeat(6)}${f2(r[k]?.pearson)} ${f2(r[k]?.spearman)}`).join('  ');
    console.log(
      `${s.name.padEnd(42)} ${String(tune.length).padStart(4)} ${String(test.length).padStart(4)} ${String(failed.length).padStart(4)}  ${cells}  ${((performance.now() - t0) / 1000).toFixed(0)} s${failed.length ? `  (${failed.length} poses not featurised: ${[...new Set(failed.map((l) => l.graphError))].join(', ')})` : ''}`,
    );
  }
  const scoredByAll = rows.filter((x) => METHODS.every((m) => Number.isFinite(x.r[m]?.pearson))).length;
  console.log(`\nmean per-series Pearson / Spearman over the ${scoredByAll} series every method scores:`);
  for (const k of METHODS) {
    const all = rows.filter((x) => METHODS.every((m) => Number.isFinite(x.r[m]?.pearson)));
    const part = (f: (n: string) => boolean) => {
      const g = all.filter((x) => f(x.name));
      return `${f2(mean(g.map((x) => x.r[k]!.pearson)))} / ${f2(mean(g.map((x) => x.r[k]!.spearman))).trim()}`;
    };
    console.log(
      `  ${k.padEnd(12)} all ${part(() => true)}   openff-plb ${part((n) => n.startsWith('openff-plb/'))}   schrodinger-fep ${part((n) => !n.startsWith('openff-plb/'))}`,
    );
  }
  console.log(
    `  RF-Score on every series (those GIGN cannot read included): ${meansOf(rows, ['rf tuned', 'rf zero', 'heavy atoms'])}`,
  );
  for (const k of ['gign tuned', 'rf tuned', 'ens tuned'] as const) {
    const have = rows.filter((x) => x.r[k]);
    const above = have.filter((x) => x.r[k]!.pearson > (x.r['heavy atoms']?.pearson ?? 2));
    console.log(`${k} Pearson above heavy-atom count on ${above.length} of ${have.length} series`);
  }
  const single = (['gign tuned', 'gign zero', 'rf tuned', 'rf zero'] as const).map((k) => ({
    k,
    r: mean(rows.filter((x) => METHODS.every((m) => x.r[m])).map((x) => x.r[k]!.pearson)),
  }));
  const bestSingle = single.reduce((a, b) => (b.r > a.r ? b : a));
  const ensR = (k: Method) =>
    mean(rows.filter((x) => METHODS.every((m) => x.r[m])).map((x) => x.r[k]!.pearson));
  console.log(
    `ensemble on held-out halves: tuned ${f2(ensR('ens tuned'))}, zero-shot ${f2(ensR('ens zero'))} vs best single model (${bestSingle.k}) ${f2(bestSingle.r)}`,
  );
  console.log('\nCDK2, TYK2, JNK1, P38 (schrodinger-fep/jacs_set), held-out halves, mean Pearson:');
  const four = JACS_FOUR.map((n) => rows.find((x) => x.name === n)).filter((x) => x !== undefined);
  for (const k of METHODS) {
    const have = four.filter((x) => Number.isFinite(x.r[k]?.pearson));
    const missing = four.filter((x) => !have.includes(x)).map((x) => x.name.split('/')[1]);
    console.log(
      `  ${k.padEnd(12)} ${f2(mean(have.map((x) => x.r[k]!.pearson)))} over ${have.length}${missing.length ? ` (no figure for ${missing.join(', ')}: its poses fail GIGN featurisation)` : ''}`,
    );
  }
  // Like with like: the baselines on the systems GIGN reads too.
  const read = four.filter((x) => Number.isFinite(x.r['gign tuned']?.pearson));
  if (read.length < four.length)
    console.log(
      `  on the ${read.length} GIGN reads: ${(['rf tuned', 'rf zero', 'vina', 'heavy atoms'] as const).map((k) => `${k} ${f2(mean(read.map((x) => x.r[k]!.pearson)))}`).join(', ')}`,
    );
  console.log('  Boltz-2 (reported, zero-shot, whole series) 0.66; FEP+ 0.78');
  // COMPASS ViSNet fine-tuning needs a warm start from a package (`init` in the training config).
  console.log(
    'init' in trainingConfigSchema.shape
      ? '\nCOMPASS ViSNet fine-tuned: not in this run yet (the training config takes `init`; no row is wired here)'
      : '\nCOMPASS ViSNet fine-tuned: not measured: the training config has no `init` (warm start from a package) yet',
  );
}

/** Candidates of --select, cheapest first. */
const CANDIDATES: readonly Config[] = [
  { regime: 'head', learningRate: 1e-4, epochs: 10, batchSize: 8 },
  { regime: 'head', learningRate: 3e-4, epochs: 10, batchSize: 8 },
  { regime: 'head', learningRate: 1e-3, epochs: 10, batchSize: 8 },
  { regime: 'head', learningRate: 3e-4, epochs: 25, batchSize: 8 },
  { regime: 'last-layer', learningRate: 3e-4, epochs: 10, batchSize: 8 },
  { regime: 'all', learningRate: 1e-4, epochs: 5, batchSize: 8 },
];

async function select(ctx: Context, series: readonly Series[], seed: number, only?: number[]): Promise<void> {
  console.log(
    `\nregime selection on dev splits: each series' fine-tuning half (seed ${seed}) split again; tuned on one inner half, scored on the other. No held-out ligand is used.`,
  );
  const inner = series.map((s) => {
    const { tune } = halves(s.ligands, seriesSeed(s.name, seed));
    return { name: s.name, ...halves(tune, seriesSeed(s.name, seed + 1)) };
  });
  for (const [k, cfg] of CANDIDATES.entries()) {
    if (only && !only.includes(k)) continue;
    const t0 = performance.now();
    const rows = [];
    for (const s of inner) rows.push({ name: s.name, ...(await scoreSplit(ctx, cfg, s.tune, s.test, seed)) });
    console.log(
      `[${k}] ${describe(cfg).padEnd(40)} ${meansOf(rows, SELECT_METHODS)}  ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  }
}

async function main(): Promise<void> {
  if (!sharedDataAvailable()) {
    console.log('npm run evaluate -- finetune needs the shared data (set COMPASS_DATA_DIR)');
    return;
  }
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== 'finetune' && a !== '--'),
    options: {
      select: { type: 'boolean' },
      candidates: { type: 'string' },
      only: { type: 'string' },
      seed: { type: 'string', default: '2026' },
      regime: { type: 'string' },
      lr: { type: 'string' },
      epochs: { type: 'string' },
      batch: { type: 'string' },
    },
  });
  const seed = Number(values.seed);
  const only = values.only?.split(',');
  const t0 = performance.now();
  const series = await loadSeries(sharedDataDir(), only ? (n) => only.some((o) => n.includes(o)) : undefined);
  const poses = series.reduce((a, s) => a + s.ligands.length, 0);
  console.log(
    `${series.length} series with >= ${MIN_SERIES_LIGANDS} labelled ligands, ${poses} poses parsed, featurised and Vina-scored in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  const pkg = await loadModelPackage(bundledModelDir());
  if (pkg.card.architecture.name !== 'gign') throw new Error('the bundled model is not GIGN');
  const ctx: Context = {
    pkg,
    hp: pkg.card.architecture.hyperParams,
    infer: await createLocalSession(pkg.onnx, { intraOpThreads: 1 }),
    tuners: new Map(),
  };
  console.log(`base: ${pkg.card.name} (${pkg.card.id}), ${ctx.hp.members} members`);
  let rf: RfContext | undefined;
  try {
    if (values.select) await select(ctx, series, seed, values.candidates?.split(',').map(Number));
    else {
      const D = GIGN_FINE_TUNE_DEFAULTS;
      rf = await openRfContext(sharedDataDir());
      console.log(
        `rf-score: ${rf.pkg.card.id} (${rf.pkg.card.architecture.trees} trees) zero-shot; refits on GIGN's ${rf.general.targets.length} PDBbind train rows + the series' rows`,
      );
      await evaluate(
        ctx,
        rf,
        series,
        {
          regime: (values.regime as GignFineTuneRegime | undefined) ?? D.regime,
          learningRate: values.lr ? Number(values.lr) : D.learningRate,
          epochs: values.epochs ? Number(values.epochs) : D.epochs,
          batchSize: values.batch ? Number(values.batch) : D.batchSize,
        },
        seed,
      );
    }
  } finally {
    await ctx.infer.release();
    await rf?.session.release();
    for (const t of ctx.tuners.values()) await t.close();
  }
  console.log(`\ntotal ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

await main();
