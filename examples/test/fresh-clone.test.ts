/**
 * Examples 1 and 2 as on a fresh clone: COMPASS_DATA_DIR points to an empty folder, so they fall back to the
 * inputs committed in examples/data. The fallback is a file check, never `sharedDataAvailable()` (which throws
 * under CI=true), so this file runs the same in CI and out of it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as predictAffinity } from '../01-predict-affinity.js';
import { main as batchHeatmap } from '../02-batch-heatmap.js';
import { batchGrid, defaultPair } from '../lib/batch-inputs.js';
import { EXAMPLE_LIGANDS, exampleLigand, examplePocket } from '../lib/example-data.js';
import { heatmapLayout } from '../lib/heatmap.js';
import { formatPK, predictionMembers } from '../lib/prediction-text.js';
import { VINA_MODELS, vinaPK } from './expected.js';

let empty: string;
let before: string | undefined;
beforeAll(async () => {
  empty = await mkdtemp(join(tmpdir(), 'no-shared-data-'));
  before = process.env.COMPASS_DATA_DIR;
  process.env.COMPASS_DATA_DIR = empty;
});
afterAll(async () => {
  if (before === undefined) delete process.env.COMPASS_DATA_DIR;
  else process.env.COMPASS_DATA_DIR = before;
  await rm(empty, { recursive: true, force: true });
});

describe('examples without the shared data', () => {
  it('choose the committed tyk2 pocket and its four ligands', () => {
    const grid = batchGrid();
    expect(grid.source).toBe('examples/data');
    expect([grid.rows, grid.cols]).toEqual([['tyk2'], EXAMPLE_LIGANDS]);
    expect(grid.pairs[0]!.map((p) => [p.protein, p.ligand])).toEqual(
      EXAMPLE_LIGANDS.map((l) => [examplePocket(), exampleLigand(l)]),
    );
    expect(defaultPair()).toMatchObject({ source: 'examples/data', ligand: exampleLigand('lig_jmc_23') });
  });

  it('predict-affinity predicts the committed pose and prints pK (± sd) with the model id', async () => {
    const lines: string[] = [];
    const r = await predictAffinity([], (l) => lines.push(l));
    expect([r.protein, r.ligand]).toEqual([examplePocket(), exampleLigand('lig_jmc_23')]);
    expect(r.tier).toBe('remote');
    expect(r.predictions).toHaveLength(1);
    const p = r.predictions[0]!;
    if (VINA_MODELS.includes(r.model)) expect(p.pK).toBeCloseTo(await vinaPK(r.protein, r.ligand), 6);
    expect(Number.isFinite(p.pK)).toBe(true);
    expect(lines).toContain(`  record 0 lig_jmc_23: pK ${formatPK(p)} (model ${r.model})`);
    // An ensemble's members follow, one line each (none for a single model).
    const members = predictionMembers(p).map((m) => `    member ${m.model}: pK ${m.pK.toFixed(2)}`);
    expect(lines.filter((l) => l.startsWith('    member '))).toEqual(members);
    expect(lines[0]).toContain('FLASH-DOCK files are not in the shared data');
  });

  it('batch-heatmap scores 1 x 4 and writes CSV (with the model’s uncertainty), SVG and a labelled PNG', async () => {
    const out = await mkdtemp(join(tmpdir(), 'heatmap-fresh-'));
    try {
      const lines: string[] = [];
      const r = await batchHeatmap(['--out', out], (l) => lines.push(l));
      expect(r.grid.source).toBe('examples/data');
      expect(r.batch.results).toHaveLength(4);
      expect(r.batch.results.filter((x) => !x.ok)).toEqual([]);
      const csv = (await readFile(r.files.csv, 'utf8')).trim().split('\n');
      expect(csv[0]).toBe('receptor,ligand,pK,uncertainty,tier,model,error');
      expect(csv).toHaveLength(5);
      EXAMPLE_LIGANDS.forEach((l, c) => {
        const [receptor, ligand, pK, sd] = csv[c + 1]!.split(',');
        const cell = r.cells[0]![c]!;
        expect([receptor, ligand]).toEqual(['tyk2', l]);
        expect(Number(pK)).toBeCloseTo(cell.pK, 3);
        // The column holds the model's uncertainty where it gives one, and is empty where it does not.
        if (cell.uncertainty === null) expect(sd).toBe('');
        else expect(Number(sd)).toBeCloseTo(cell.uncertainty, 3);
      });
      expect(
        lines
          .find((l) => l.trim().startsWith('tyk2'))!
          .trim()
          .split(/\s{2,}/),
      ).toEqual(['tyk2', ...r.cells[0]!.map((c) => formatPK(c!))]);
      const png = PNG.sync.read(await readFile(r.files.png));
      const layout = heatmapLayout(r.heatmap);
      expect([png.width, png.height]).toEqual([layout.width * 2, layout.height * 2]);
      const svg = await readFile(r.files.svg, 'utf8');
      expect(svg).toContain('>lig_ejm_43<');
      expect(svg).toContain(`>${r.cells[0]![0]!.pK.toFixed(2)}<`);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
