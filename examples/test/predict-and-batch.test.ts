/** Examples 1 and 2 against a real server: the values are the scores of the pairs, the files are complete. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataAvailable } from '@compass/sdk';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { main as predictAffinity } from '../01-predict-affinity.js';
import { main as batchHeatmap } from '../02-batch-heatmap.js';
import { batchPose, batchReceptor } from '../lib/flashdock.js';
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
      expect(r.predictions[0]!.pK).toBeCloseTo(await vinaPK(batchReceptor(1), batchPose(1, 1)), 6);
    else expect(r.predictions[0]!.pK).toBeGreaterThan(0);
    expect(lines.some((l) => l.startsWith('served by remote'))).toBe(true);
  });

  it('takes --protein and --ligand', async () => {
    const r = await predictAffinity(['--protein', batchReceptor(4), '--ligand', batchPose(4, 2)], quiet);
    expect(r.protein).toBe(batchReceptor(4));
    if (VINA_MODELS.includes(r.model))
      expect(r.predictions[0]!.pK).toBeCloseTo(await vinaPK(batchReceptor(4), batchPose(4, 2)), 6);
  });

  it('rejects a missing input file before connecting', async () => {
    await expect(predictAffinity(['--protein', '/nonexistent.pdb'], quiet)).rejects.toThrow(
      'missing input file',
    );
  });
});

describe.skipIf(!sharedDataAvailable())('batch-heatmap', () => {
  it('scores 4 x 4 poses and writes CSV, SVG and PNG with the same values', async () => {
    const out = await mkdtemp(join(tmpdir(), 'heatmap-'));
    try {
      const r = await batchHeatmap(['--out', out], quiet);
      expect(r.batch.tier).toBe('remote');
      expect(r.batch.results).toHaveLength(16);
      expect(r.batch.results.every((x) => x.ok)).toBe(true);
      expect(r.matrix.flat().every((v) => v !== null && Number.isFinite(v))).toBe(true);
      if (VINA_MODELS.includes(r.batch.model)) {
        expect(r.matrix[3]![0]).toBeCloseTo(await vinaPK(batchReceptor(4), batchPose(4, 1)), 6);
        expect(r.matrix[2]![3]).toBeCloseTo(await vinaPK(batchReceptor(3), batchPose(3, 4)), 6);
      }
      const csv = (await readFile(r.files.csv, 'utf8')).trim().split('\n');
      expect(csv[0]).toBe('receptor,ligand,pK,tier,model,error');
      expect(csv).toHaveLength(17);
      const cell = csv.find((l) => l.startsWith('receptor2,ligand3,'))!.split(',');
      expect(Number(cell[2])).toBeCloseTo(r.matrix[1]![2]!, 3);
      expect(cell[3]).toBe('remote');
      const svg = await readFile(r.files.svg, 'utf8');
      expect(svg.match(/<rect /g)).toHaveLength(16);
      expect(svg).toContain('>receptor4<');
      expect(svg).toContain(`>${r.matrix[0]![0]!.toFixed(2)}<`);
      const png = PNG.sync.read(await readFile(r.files.png));
      expect([png.width, png.height]).toEqual([170, 170]);
      // The lowest and highest cells get the two ends of the colour ramp.
      const flat = r.matrix.flat() as number[];
      const lo = flat.indexOf(Math.min(...flat));
      const px = (k: number) => {
        const [row, col] = [Math.floor(k / 4), k % 4];
        const i = ((2 + row * 42 + 20) * png.width + 2 + col * 42 + 20) * 4;
        return [png.data[i], png.data[i + 1], png.data[i + 2]];
      };
      expect(px(lo)).toEqual([68, 1, 84]);
      expect(px(flat.indexOf(Math.max(...flat)))).toEqual([253, 231, 37]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
