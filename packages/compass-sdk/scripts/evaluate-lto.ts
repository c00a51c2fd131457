/**
 * Leave-target-out evaluation (`npm run evaluate:lto`): the COMPASS ViSNet demo (models/compass-visnet) on the protein families it never saw
 * (the test families of its target split, listed in its card), next to AutoDock Vina `--score_only` and the ligand
 * heavy-atom count on the same poses, in one run. Prints pooled and per-target Pearson and Spearman.
 */
import { dirname, join } from 'node:path';
import { bundledModelDir } from '../src/model-package/bundled.js';
import { loadModelPackage, visnetHyperParams } from '../src/model-package/load.js';
import { KCAL_PER_PK } from '../src/datasets/labels.js';
import {
  findReferenceTools,
  ligandsToPdbqt,
  receptorToPdbqt,
  vinaScoreOnly,
} from '../src/scoring/vina/reference-vina.js';
import { evaluateModelPackage } from '../src/training/evaluate.js';
import { featuriseItems } from '../src/training/featurise-dataset.js';
import { regressionMetrics } from '../src/training/metrics.js';
import { licenceCleanDataset } from './lto-data.js';

interface Row {
  id: string;
  target: string;
  label: number;
  model: number;
  vina: number | null;
  heavy: number;
}

const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '  -  ');

async function main(): Promise<void> {
  // The ViSNet demo is the model this leave-target-out evaluation was written for (its card lists the held-out targets).
  const dir = process.env.COMPASS_MODEL_DIR ?? join(dirname(bundledModelDir()), 'compass-visnet');
  const pkg = await loadModelPackage(dir);
  const training = pkg.card.training as { testTargets?: string[]; validationTargets?: string[] };
  const heldOut = new Set(training.testTargets ?? []);
  if (heldOut.size === 0) throw new Error(`${dir}: the card lists no held-out test targets`);
  const all = await licenceCleanDataset();
  const dataset = { ...all, items: all.items.filter((i) => heldOut.has(i.target)) };
  const t0 = Date.now();
  const ev = await evaluateModelPackage(dir, dataset);
  const modelSeconds = (Date.now() - t0) / 1000;
  const byId = new Map(dataset.items.map((i) => [i.id, i]));
  const heavy = await featuriseItems(dataset.items, visnetHyperParams(pkg));
  const heavyOf = new Map(heavy.items.map((i, k) => [i.id, heavy.features[k]!.numLigandAtoms]));

  findReferenceTools();
  const t1 = Date.now();
  const rows: Row[] = [];
  let vinaFailed = 0;
  const queue = [...ev.items];
  const worker = async () => {
    for (let it = queue.shift(); it; it = queue.shift()) {
      const item = byId.get(it.id)!;
      let vina: number | null;
      try {
        const rec = await receptorToPdbqt(item.proteinPath);
        const ligs = await ligandsToPdbqt(item.ligandPath);
        const lig = ligs[item.ligandRecord];
        const s = lig ? await vinaScoreOnly(rec, lig) : null;
        // Vina's estimate in kcal/mol as pK (same sign convention as the labels).
        vina = s ? -s.kcalPerMol / KCAL_PER_PK : null;
      } catch {
        vina = null;
      }
      if (vina === null) vinaFailed++;
      rows.push({
        id: it.id,
        target: it.target,
        label: it.label,
        model: it.pK,
        vina,
        heavy: heavyOf.get(it.id) ?? NaN,
      });
    }
  };
  await Promise.all([worker(), worker()]);
  const vinaSeconds = (Date.now() - t1) / 1000;
  const both = rows.filter((r) => r.vina !== null).sort((a, b) => a.id.localeCompare(b.id));

  const score = (rs: Row[]) => {
    const y = rs.map((r) => r.label);
    const m = regressionMetrics(
      rs.map((r) => r.model),
      y,
    );
    const v = regressionMetrics(
      rs.map((r) => r.vina!),
      y,
    );
    const h = regressionMetrics(
      rs.map((r) => r.heavy),
      y,
    );
    return { n: rs.length, m, v, h };
  };
  const lines: string[] = [];
  lines.push(`model ${pkg.card.id} (${pkg.card.name}) from ${dir}`);
  lines.push(
    `held-out protein families (never in training or validation): ${[...heldOut].sort().join(', ')}; ` +
      `${both.length} poses scored by both (Vina failed on ${vinaFailed}; ${ev.skipped.length} not preparable)`,
  );
  lines.push('');
  lines.push(
    '| target | n | model Pearson | model Spearman | Vina Pearson | Vina Spearman | heavy atoms Spearman |',
  );
  lines.push('|---|---|---|---|---|---|---|');
  const targets = [...new Set(both.map((r) => r.target))].sort();
  const per = targets.map((t) => ({ t, s: score(both.filter((r) => r.target === t)) }));
  for (const { t, s } of per)
    lines.push(
      `| ${t} | ${s.n} | ${f3(s.m.pearson)} | ${f3(s.m.spearman)} | ${f3(s.v.pearson)} | ${f3(s.v.spearman)} | ${f3(s.h.spearman)} |`,
    );
  const mean = (xs: number[]) => {
    const f = xs.filter(Number.isFinite);
    return f.reduce((a, b) => a + b, 0) / f.length;
  };
  lines.push(
    `| mean per target | ${per.length} | ${f3(mean(per.map((p) => p.s.m.pearson)))} | ${f3(mean(per.map((p) => p.s.m.spearman)))} | ` +
      `${f3(mean(per.map((p) => p.s.v.pearson)))} | ${f3(mean(per.map((p) => p.s.v.spearman)))} | ${f3(mean(per.map((p) => p.s.h.spearman)))} |`,
  );
  const pooled = score(both);
  lines.push(
    `| pooled | ${pooled.n} | ${f3(pooled.m.pearson)} | ${f3(pooled.m.spearman)} | ${f3(pooled.v.pearson)} | ${f3(pooled.v.spearman)} | ${f3(pooled.h.spearman)} |`,
  );
  lines.push('');
  lines.push(
    `pooled RMSE (pK): model ${f3(pooled.m.rmse)}, Vina ${f3(pooled.v.rmse)}; model ${modelSeconds.toFixed(1)} s ` +
      `(incl. featurisation), Vina ${vinaSeconds.toFixed(1)} s (2 processes, PDBQT conversion and cache included)`,
  );
  console.log(lines.join('\n'));
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
