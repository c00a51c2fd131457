/** RF-Score packages and the predictor: saved reproducibly, checked on load, and predicting toy complexes via ORT. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRfScorePackage, saveRfScorePackage } from '../../src/rfscore/model-package.js';
import { RfScorePredictor } from '../../src/rfscore/predictor.js';
import { rfScoreFeatures } from '../../src/rfscore/features.js';
import { trainTreeEnsemble, type TreeTrainingResult } from '../../src/rfscore/train-ensemble.js';
import { predictEnsemble } from '../../src/rfscore/tree-ensemble.js';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import { parsePdb, parseSdf, type LigandRecord, type PdbStructure } from '../../src/structure/index.js';
import { syntheticSet } from './synthetic.js';

const have = sharedDataAvailable();
const here = dirname(fileURLToPath(import.meta.url));
const visnetPackage = join(here, '../../models/default');
let dir: string;
let trained: TreeTrainingResult;

const save = (to: string) =>
  saveRfScorePackage(to, {
    model: trained.model,
    options: trained.options,
    name: 'rf-test',
    target: { mean: 6, std: 2 },
    training: { datasets: [{ name: 'synthetic', count: 400, contentHash: 'x' }], epochs: 1 },
    metrics: { validation: { rmse: 1 } },
    createdAt: '2026-12-02T00:00:00.000Z',
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rfscore-pkg-'));
  trained = await trainTreeEnsemble(syntheticSet(400, 9), { kind: 'random-forest', trees: 12, seed: 5 });
  await save(join(dir, 'a'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

function toy(id: string): { protein: PdbStructure; ligand: LigandRecord } {
  const c = join(sharedDataDir(), 'gign-toyset', 'complexes', id);
  return {
    protein: parsePdb(gunzipSync(readFileSync(join(c, `${id}_protein.pdb.gz`))), { source: id }),
    ligand: parseSdf(readFileSync(join(c, `${id}_ligand.sdf`), 'utf8')).records[0]!,
  };
}

describe('RF-Score packages', () => {
  it('writes the three package files, byte-identical for the same model and card fields', async () => {
    await save(join(dir, 'b'));
    for (const f of ['model.json', 'inference.onnx', 'params.safetensors'])
      expect((await readFile(join(dir, 'a', f))).equals(await readFile(join(dir, 'b', f))), f).toBe(true);
    const { card } = await loadRfScorePackage(join(dir, 'a'));
    expect(card.architecture).toMatchObject({
      name: 'rf-score',
      features: 'rfscore-v1',
      kind: 'random-forest',
      trees: 12,
      uncertainty: true,
    });
    expect(card.featuriser.version).toBe('rfscore-v1');
  });

  it('refuses a replaced program, an edited card and another architecture', async () => {
    await cp(join(dir, 'a'), join(dir, 'c'), { recursive: true });
    await writeFile(join(dir, 'c', 'inference.onnx'), new Uint8Array(10));
    await expect(loadRfScorePackage(join(dir, 'c'))).rejects.toMatchObject({
      code: 'MODEL_PACKAGE_CHECKSUM_MISMATCH',
    });
    await cp(join(dir, 'a'), join(dir, 'd'), { recursive: true });
    const card = JSON.parse(await readFile(join(dir, 'd', 'model.json'), 'utf8')) as {
      target: { mean: number };
    };
    card.target.mean = 7;
    await writeFile(join(dir, 'd', 'model.json'), JSON.stringify(card));
    await expect(loadRfScorePackage(join(dir, 'd'))).rejects.toMatchObject({
      code: 'MODEL_PACKAGE_BAD_CARD',
      details: { field: 'id' },
    });
    await expect(loadRfScorePackage(visnetPackage)).rejects.toMatchObject({
      code: 'MODEL_PACKAGE_WRONG_ARCHITECTURE',
    });
    await expect(loadRfScorePackage(join(dir, 'missing'))).rejects.toMatchObject({
      code: 'MODEL_PACKAGE_NOT_FOUND',
    });
  });
});

describe.skipIf(!have)('RfScorePredictor on toy complexes', () => {
  it('predicts what the JS forest predicts on the same features, with the trees spread as uncertainty', async () => {
    const rf = await RfScorePredictor.load(join(dir, 'a'));
    try {
      const ids = ['1a61', '2y2k', '4fn5'];
      const inputs = ids.map((id) => ({ ...toy(id), id }));
      const out = await rf.predictBatch(inputs);
      for (const [i, p] of out.entries()) {
        const f = rfScoreFeatures(inputs[i]!.protein, inputs[i]!.ligand);
        const js = predictEnsemble(trained.model, f);
        expect(p.id).toBe(ids[i]);
        expect(p.model).toBe(rf.card.id);
        expect(p.details?.features).toEqual(Array.from(f));
        expect(Math.abs(p.pK - js.values[0]!)).toBeLessThan(1e-5);
        expect(Math.abs(p.uncertainty! - js.spreads![0]!)).toBeLessThan(1e-5);
      }
      // 2y2k's ligand has a boron atom, which RF-Score v1 does not count.
      expect(out[1]!.warnings).toEqual(['ligand elements not counted by RF-Score v1: B']);
    } finally {
      await rf.close();
    }
  });

  it('fails a bad item alone (PREDICTOR_BAD_INPUT) and refuses work once closed', async () => {
    const rf = await RfScorePredictor.load(join(dir, 'a'));
    const good = toy('1a61');
    const coords = Float32Array.from(good.ligand.atoms.coords);
    coords[0] = Number.NaN;
    const bad = { ...good.ligand, atoms: { ...good.ligand.atoms, coords } };
    const settled = await rf.predictBatchSettled([
      { ...good, id: 'ok' },
      { protein: good.protein, ligand: bad, id: 'nan' },
      { protein: good.protein, ligand: {} as LigandRecord, id: 'empty' },
    ]);
    expect(settled.map((s) => s.ok)).toEqual([true, false, false]);
    expect(settled.map((s) => (s.ok ? null : (s.error as { code?: string }).code))).toEqual([
      null,
      'PREDICTOR_BAD_INPUT',
      'PREDICTOR_BAD_INPUT',
    ]);
    // Concurrent single calls share one batched run and give what the list call gives.
    const single = await Promise.all([rf.predict(good), rf.predict({ ...good, id: 'again' })]);
    expect(single.map((p) => p.pK)).toEqual([settled[0]!.ok && settled[0]!.prediction.pK, single[0]!.pK]);
    await expect(rf.predictBatch([good], { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    await rf.close();
    await expect(rf.predict(good)).rejects.toMatchObject({ code: 'PREDICTOR_CLOSED' });
  });
});
