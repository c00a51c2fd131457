/** The bundled rf-score package: valid, under 20 MB, its card's figures reproduce, and it predicts a toy complex. */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readRfScoreCsv } from '../../src/rfscore/features-csv.js';
import { evaluateRfScorePackage } from '../../src/rfscore/evaluate.js';
import { loadRfScorePackage } from '../../src/rfscore/model-package.js';
import { RfScorePredictor } from '../../src/rfscore/predictor.js';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import { parsePdb, parseSdf } from '../../src/structure/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const MODEL = join(here, '../../models/rf-score');
const have = sharedDataAvailable();

describe('bundled rf-score model', () => {
  it('loads, is a forest with an uncertainty output, and its program is under 20 MB', async () => {
    const { card } = await loadRfScorePackage(MODEL);
    expect(card.name).toBe('rf-score');
    expect(card.architecture.uncertainty).toBe(card.architecture.kind === 'random-forest');
    expect(statSync(join(MODEL, 'inference.onnx')).size).toBeLessThan(20_000_000);
    expect(card.training.datasets[0]).toMatchObject({ name: 'gign-rfscore-v1/train', count: 11904 });
  });

  it.skipIf(!have)("reproduces the card's valid and test2019 figures through onnxruntime", async () => {
    const dir = join(sharedDataDir(), 'gign-reference', 'rfscore-v1');
    const ev = await evaluateRfScorePackage(MODEL, {
      valid: await readRfScoreCsv(join(dir, 'valid.csv')),
      test2019: await readRfScoreCsv(join(dir, 'test2019.csv')),
    });
    const [valid, test] = ev.results;
    expect(valid!.metrics.n).toBe(1000);
    expect(test!.metrics.n).toBe(4366);
    expect(ev.card.metrics.validation?.pearson).toBeCloseTo(valid!.metrics.pearson, 10);
    expect(ev.card.metrics.validation?.rmse).toBeCloseTo(valid!.metrics.rmse, 10);
    expect(ev.card.metrics.test?.pearson).toBeCloseTo(test!.metrics.pearson, 10);
    expect(ev.card.metrics.test?.rmse).toBeCloseTo(test!.metrics.rmse, 10);
    // The RF-Score baseline level GIGN reports on test2019 (Pearson 0.617-0.619).
    expect(test!.metrics.pearson).toBeGreaterThan(0.6);
  });

  it.skipIf(!have)('predicts a toy complex from the whole protein and the PDBbind ligand', async () => {
    const c = join(sharedDataDir(), 'gign-toyset', 'complexes', '1a61');
    const protein = parsePdb(gunzipSync(readFileSync(join(c, '1a61_protein.pdb.gz'))));
    const ligand = parseSdf(readFileSync(join(c, '1a61_ligand.sdf'), 'utf8')).records[0]!;
    const rf = await RfScorePredictor.load(MODEL);
    try {
      const p = await rf.predict({ protein, ligand, id: '1a61' });
      expect(p.model).toBe(rf.card.id);
      expect(p.pK).toBeGreaterThan(2);
      expect(p.pK).toBeLessThan(12);
      expect(p.uncertainty).toBeGreaterThan(0);
      expect(p.warnings).toEqual([]);
    } finally {
      await rf.close();
    }
  });
});
