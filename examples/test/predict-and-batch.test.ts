/** Examples 1 and 2 against a real server: the values are the scores of the pairs, the files are complete. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataAvailable } from '../../support/shared-data.js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { main as predictAffinity } from '../01-predict-affinity.js';
import { main as batchHeatmap } from '../02-batch-heatmap.js';
import { rampColour } from '../lib/colour-scale.js';
import { batchPose, batchReceptor } from '../lib/flashdock.js';
import { heatmapLayout } from '../lib/heatmap.js';
import { formatPK } from '../lib/prediction-text.js';
import { VINA_MODELS, vinaPK } from './expected.js';

const quiet = () => undefined;

describe.skipIf(!sharedDataAvailable())('predict-affinity', () => {
  it('predicts the FLASH-DOCK pose on the started server and reports the tier', async () => {
    const lines: string[] = [];
    const r = await predictAffinity([], (l) => lines.push(l));
    expect(r.tier).toBe('remote');
    expect(r.fallbacks).toEqual([]);
    expect(r.servedBy).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(r.predictions).toHaveLength(1);
    if (VINA_MODELS.includes(r.model))
      expect(r.predictions[0]!.pK).toBeCloseTo(await vinaPK(batchReceptor(4), batchPose(4, 1)), 6);
    else expect(r.predictions[0]!.pK).toBeGreaterThan(0);
    expect(lines.some((l) => l.startsWith('served by remote'))).toBe(true);
    expect(lines).toContain(`  record 0 (unnamed): pK ${formatPK(r.predictions[0]!)} (model ${r.model})`);
  });

  it('takes --protein and --ligand', async () => {
    const r = await predictAffinity(['--protein', batchReceptor(2), '--ligand', batchPose(2, 3)], quiet);
    expect([r.protein, r.ligand]).toEqual([batchReceptor(2), batchPose(2, 3)]);
    if (VINA_MODELS.includes(r.model))
      expect(r.predictions[0]!.pK).toBeCloseTo(await vinaPK(batchReceptor(2), batchPose(2, 3)), 6);
  });

  it('rejects a missing input file before connecting', async () => {
    await expect(predictAffinity(['--protein', '/nonexistent.pdb'], quiet)).rejects.toMatchObject({
      code: 'EXAMPLE_MISSING_INPUT',
      message: expect.stringContaining('missing input file'),
    });
  });
});

describe.skipIf(!sharedDataAvailable())('batch-heatmap', () => {
  it('scores 4 x 4 poses and writes CSV, SVG and PNG with the same values', async () => {
    const out = await mkdtemp(join(tmpdir(), 'heatmap-'));
    try {
      const r = await batchHeatmap(['--out', out], quiet);
      expect(r.batch.tier).toBe('remote');
      expect(r.batch.results).toHaveLength(16);
      expect(r.grid.source).toBe('flashdock');
      // Each item succeeds or fails alone: a failure (receptor1_ligand1 clashes, 4 atoms under 1 A, and a
      // model may refuse it) leaves its cell empty and its typed error in the CSV.
      const csvRows = (await readFile(r.files.csv, 'utf8')).trim().split('\n').slice(1);
      r.batch.results.forEach((x, k) => {
        const [row, col] = [Math.floor(k / 4), k % 4];
        expect(x.id).toBe(`receptor${row + 1}:ligand${col + 1}`);
        if (x.ok) expect(Number.isFinite(r.matrix[row]![col])).toBe(true);
        else {
          expect(r.matrix[row]![col]).toBeNull();
          expect(csvRows[k]).toMatch(
            new RegExp(`^receptor${row + 1},ligand${col + 1},,,remote,[^,]+,"?${x.error.code}: `),
          );
        }
      });
      expect(r.batch.results.filter((x) => x.ok).length).toBeGreaterThanOrEqual(12);
      if (VINA_MODELS.includes(r.batch.model)) {
        expect(r.matrix[3]![0]).toBeCloseTo(await vinaPK(batchReceptor(4), batchPose(4, 1)), 6);
        expect(r.matrix[2]![3]).toBeCloseTo(await vinaPK(batchReceptor(3), batchPose(3, 4)), 6);
      }
      const csv = (await readFile(r.files.csv, 'utf8')).trim().split('\n');
      expect(csv[0]).toBe('receptor,ligand,pK,uncertainty,tier,model,error');
      expect(csv).toHaveLength(17);
      const cell = csv.find((l) => l.startsWith('receptor2,ligand3,'))!.split(',');
      expect(Number(cell[2])).toBeCloseTo(r.matrix[1]![2]!, 3);
      const sd = r.cells[1]![2]!.uncertainty;
      expect(cell[3]).toBe(sd === null ? '' : sd.toFixed(4));
      expect(cell[4]).toBe('remote');
      const svg = await readFile(r.files.svg, 'utf8');
      expect(svg).toContain('>receptor4<');
      for (const v of r.matrix.flat()) expect(svg).toContain(`>${v === null ? 'n/a' : v.toFixed(2)}<`);
      const png = PNG.sync.read(await readFile(r.files.png));
      const L = heatmapLayout(r.heatmap);
      expect([png.width, png.height]).toEqual([L.width * 2, L.height * 2]);
      // The lowest and highest cells get the two ends of the colour ramp (sampled in a corner, clear of the text).
      const flat = r.matrix.flat().map((v) => v ?? NaN);
      const finite = flat.filter(Number.isFinite);
      const px = (k: number) => {
        const [row, col] = [Math.floor(k / 4), k % 4];
        const i =
          ((L.gridY + row * L.cellHeight + 6) * 2 * png.width + (L.gridX + col * L.cellWidth + 6) * 2) * 4;
        return [png.data[i], png.data[i + 1], png.data[i + 2]];
      };
      expect(px(flat.indexOf(Math.min(...finite)))).toEqual(rampColour(0));
      expect(px(flat.indexOf(Math.max(...finite)))).toEqual(rampColour(1));
      flat.forEach((v, k) => {
        if (!Number.isFinite(v)) expect(px(k)).toEqual(rampColour(null));
      });
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
