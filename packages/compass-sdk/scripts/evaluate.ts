/**
 * `npm run evaluate`: every bundled model beside AutoDock Vina (the built-in scorer) and the ligand heavy-atom
 * count, on the shared FEP sets (OpenFF PLB targets, Schrodinger FEP+ systems: never used to train GIGN) and on the
 * GIGN toy set (48 of its 50 complexes are GIGN training complexes: marked, a pipeline check, not a score). For each
 * set: pooled Pearson R and RMSE (RMSE is undefined for the heavy-atom count, which is not in pK) and the mean
 * per-target Spearman over targets with at least 5 labelled ligands. A model whose card lists a set among its
 * training data is marked on that set (the COMPASS ViSNet demo was trained on both FEP sets). One run; a few
 * minutes on 2 cores.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatasetDir } from '../src/datasets/open-dataset.js';
import type { Dataset, DatasetItem } from '../src/datasets/item.js';
import { bundledModels } from '../src/model-package/bundled.js';
import { evaluateRfScore, formatRfScoreEvaluation } from './evaluate-rfscore.js';
import { loadPredictor } from '../src/predictor/load-predictor.js';
import type { AffinityPredictor, ComplexInput } from '../src/predictor/contract.js';
import { VinaPredictor } from '../src/scoring/vina-predictor.js';
import { sharedDataAvailable, sharedDataDir } from '../../../support/shared-data.js';
import { readLigands, readProtein, type LigandRecord } from '../src/structure/formats.js';
import type { PdbStructure } from '../src/structure/pdb/schema.js';
import { regressionMetrics } from '../src/training/metrics.js';

interface Scored {
  readonly target: string;
  readonly label: number;
  readonly value: number;
}

/** Parsed inputs of a dataset, proteins and ligand files read once. */
async function loadInputs(ds: Dataset): Promise<{ item: DatasetItem; input: ComplexInput }[]> {
  const proteins = new Map<string, Promise<PdbStructure>>();
  const ligands = new Map<string, Promise<readonly LigandRecord[]>>();
  const out: { item: DatasetItem; input: ComplexInput }[] = [];
  for (const item of ds.items.filter((i) => i.label && Number.isFinite(i.label.pK))) {
    if (!proteins.has(item.proteinPath)) proteins.set(item.proteinPath, readProtein(item.proteinPath));
    if (!ligands.has(item.ligandPath))
      ligands.set(
        item.ligandPath,
        readLigands(item.ligandPath).then((l) => l.records),
      );
    const protein = await proteins.get(item.proteinPath)!;
    const ligand = (await ligands.get(item.ligandPath)!).find((r) => r.index === item.ligandRecord);
    if (ligand) out.push({ item, input: { protein, ligand, id: item.id } });
  }
  return out;
}

/** Pooled R, RMSE and mean per-target Spearman (targets with >= 5 items). */
function summarise(rows: readonly Scored[], inPk: boolean): string {
  const pooled = regressionMetrics(
    rows.map((r) => r.value),
    rows.map((r) => r.label),
  );
  const byTarget = new Map<string, Scored[]>();
  for (const r of rows) byTarget.set(r.target, [...(byTarget.get(r.target) ?? []), r]);
  const sp = [...byTarget.values()]
    .filter((g) => g.length >= 5)
    .map(
      (g) =>
        regressionMetrics(
          g.map((r) => r.value),
          g.map((r) => r.label),
        ).spearman,
    )
    .filter(Number.isFinite);
  const meanSp = sp.reduce((a, b) => a + b, 0) / sp.length;
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '  - ');
  return `n ${String(rows.length).padStart(4)}  R ${f(pooled.pearson)}  RMSE ${inPk ? f(pooled.rmse) : '  - '}  per-target Spearman ${f(meanSp)} (${sp.length} targets)`;
}

async function score(
  predictor: AffinityPredictor,
  inputs: readonly { item: DatasetItem; input: ComplexInput }[],
): Promise<{ rows: Scored[]; failed: number }> {
  const rows: Scored[] = [];
  let failed = 0;
  for (let b = 0; b < inputs.length; b += 32) {
    const part = inputs.slice(b, b + 32);
    const settled = await Promise.allSettled(part.map((p) => predictor.predict(p.input)));
    settled.forEach((s, k) => {
      const it = part[k]!.item;
      if (s.status === 'fulfilled') rows.push({ target: it.target, label: it.label!.pK, value: s.value.pK });
      else failed++;
    });
  }
  return { rows, failed };
}

/** The training-set names a package's card lists, lower case, joined (to mark sets a model was fitted to). */
function trainingSets(dir: string): string {
  const card = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as {
    training?: { datasets?: { name?: string }[] };
  };
  return (card.training?.datasets ?? []).map((d) => (d.name ?? '').toLowerCase()).join(' | ');
}

async function main(): Promise<void> {
  if (!sharedDataAvailable()) {
    console.log('npm run evaluate needs the shared data (set COMPASS_DATA_DIR)');
    return;
  }
  const D = sharedDataDir();
  const toyDir = join(D, 'gign-toyset', 'complexes');
  // labels.csv: pdbid,-logKd/Ki
  const toyLabels = new Map(
    readFileSync(join(D, 'gign-toyset', 'labels.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .map(([id, pK]) => [
        id!.trim(),
        { pK: Number(pK), type: 'Kd' as const, relation: '=' as const, raw: pK!.trim() },
      ]),
  );
  const toy: Dataset = {
    name: 'gign-toyset',
    items: readdirSync(toyDir)
      .filter((id) => toyLabels.has(id))
      .map((id) => ({
        id,
        target: 'toyset',
        proteinPath: join(toyDir, id, `${id}_protein.pdb.gz`),
        ligandPath: join(toyDir, id, `${id}_ligand.mol2`),
        ligandRecord: 0,
        label: toyLabels.get(id)!,
      })),
    diagnostics: [],
  };
  const sets: { name: string; key: string | undefined; ds: Dataset }[] = [
    { name: 'openff-plb (15 targets)', key: 'openff-plb', ds: await openDatasetDir(join(D, 'openff-plb')) },
    {
      name: 'schrodinger-fep (systems)',
      key: 'schrodinger-fep',
      ds: await openDatasetDir(join(D, 'schrodinger-fep')),
    },
    { name: 'gign toy set (TRAINING DATA of GIGN: 48/50)', key: undefined, ds: toy },
  ];
  const scorers: {
    name: string;
    make: () => Promise<AffinityPredictor & { close?: () => Promise<void> }>;
    inPk: boolean;
    trainedOn?: string;
  }[] = [
    ...bundledModels().map((m) => ({
      name: `${m.name}`,
      make: async () => loadPredictor(m.dir, { maxBatchSize: 32 }),
      inPk: true,
      trainedOn: trainingSets(m.dir),
    })),
    { name: 'vina (built-in)', make: async () => new VinaPredictor(), inPk: true },
  ];
  for (const set of sets) {
    const inputs = await loadInputs(set.ds);
    console.log(`\n${set.name}: ${inputs.length} labelled poses`);
    for (const s of scorers) {
      const t0 = performance.now();
      const p = await s.make();
      const { rows, failed } = await score(p, inputs);
      await p.close?.();
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      // A model whose card lists this set among its training data is scored on what it was fitted to: say so.
      const seen = s.trainedOn && set.key && s.trainedOn.includes(set.key) ? '  [TRAINED ON THIS SET]' : '';
      console.log(
        `  ${s.name.padEnd(22)} ${summarise(rows, s.inPk)}${failed ? `  (${failed} failed)` : ''}  ${seconds} s${seen}`,
      );
    }
    const heavy = inputs.map(({ item, input }) => ({
      target: item.target,
      label: item.label!.pK,
      value: input.ligand.atoms.element.filter((e) => e !== 'H').length,
    }));
    console.log(`  ${'heavy-atom count'.padEnd(22)} ${summarise(heavy, false)}`);
  }
  // GIGN's own PDBbind split as RF-Score v1 features (no structures here): RF-Score measured, GIGN as published.
  console.log(
    `\nPDBbind, GIGN's split (RF-Score v1 features; the GIGN structures are not in the shared data):`,
  );
  for (const line of formatRfScoreEvaluation(await evaluateRfScore())) console.log(`  ${line}`);
  const gign = JSON.parse(readFileSync(join(bundledModels()[0]!.dir, 'model.json'), 'utf8')) as {
    metrics: { validation?: { pearson?: number; rmse?: number } };
  };
  console.log(
    `  gign ensemble (published, mean of three runs): valid R ${gign.metrics.validation?.pearson} RMSE ${gign.metrics.validation?.rmse}; ` +
      'CASF-2016 R 0.840 RMSE 1.190; PDBbind 2019 hold-out R 0.641 (issue 17)',
  );
}

// `npm run evaluate -- finetune`: the fine-tuning evaluation (scripts/evaluate-finetune.ts) instead.
if (process.argv.slice(2).includes('finetune')) await import('./evaluate-finetune.js');
else await main();
