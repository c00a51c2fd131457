/** CompassPredictor and EnsemblePredictor: values, dynamic batching, per-item errors, providers, ensembles, close. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInferenceProgram, paramInput } from '../../src/graph/programs.js';
import { compassBatchFeeds, createCompassModelDef, prepareComplex } from '../../src/model/index.js';
import { bundledModelDir, loadModelPackage } from '../../src/model-package/index.js';
import {
  CompassPredictor,
  EnsemblePredictor,
  isPredictorError,
  loadDefaultPredictor,
  readComplexFiles,
} from '../../src/predictor/index.js';
import type { ProviderWarning } from '../../src/runtime/providers.js';
import type { AffinityPrediction } from '../../src/predictor/contract.js';
import { createLocalSession } from '../../src/runtime/session.js';
import { isCompassError } from '../../src/errors.js';
import type { LigandRecord } from '../../src/structure/formats.js';
import { FIXTURE_LIGANDS, FIXTURE_PROTEIN, tyk2 } from '../model/helpers.js';
import { TEST_HP, buildTestPackage } from './fixture-package.js';

let root: string;
let dirA: string;
let dirB: string;
const { protein, ligands } = tyk2();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'compass-pred-'));
  dirA = await buildTestPackage(root, 'a', 1);
  dirB = await buildTestPackage(root, 'b', 2);
});
afterAll(async () => rm(root, { recursive: true, force: true }));

type Timings = { batchSize: number; prepareMs: number; queueMs: number; runMs: number };
const timings = (p: { details?: Readonly<Record<string, unknown>> }): Timings =>
  p.details!.timings as Timings;

function farLigand(l: LigandRecord): LigandRecord {
  const coords = Float32Array.from(l.atoms.coords, (v, i) => (i % 3 === 0 ? v + 100 : v));
  return { ...l, name: 'far', atoms: { ...l.atoms, coords } };
}

describe('CompassPredictor', () => {
  it('predicts pK = mean + std * model output, with the card id as model and timings', async () => {
    const p = await CompassPredictor.load(dirA);
    const out = await p.predict({ protein, ligand: ligands[0]!, id: 'l1' });
    // The same number straight from the inference program.
    const pkg = await loadModelPackage(dirA);
    const session = await createLocalSession(buildInferenceProgram(createCompassModelDef(TEST_HP)).onnx);
    const feeds = compassBatchFeeds([prepareComplex(protein, ligands[0]!, TEST_HP)], TEST_HP);
    const params = Object.fromEntries(Object.entries(pkg.params).map(([k, t]) => [paramInput(k), t]));
    const y = (await session.run({ ...params, ...feeds }))['pred.y']!.data[0] as number;
    await session.release();
    expect(out.pK).toBeCloseTo(6 + 2 * y, 5);
    expect(out.model).toBe(pkg.card.id);
    expect(p.name).toBe(pkg.card.id);
    expect(p.card.name).toBe('a');
    expect(out.id).toBe('l1');
    expect(out.details!.ligandAtoms).toBe(prepareComplex(protein, ligands[0]!, TEST_HP).numLigandAtoms);
    expect(timings(out).batchSize).toBe(1);
    expect(timings(out).runMs).toBeGreaterThan(0);
    await p.close();
  });

  it('merges concurrent calls into batches of at most maxBatchSize, with the same values as alone', async () => {
    const p = await CompassPredictor.load(dirA, { maxBatchSize: 4, maxQueueDelayMs: 50 });
    const alone: AffinityPrediction[] = [];
    for (const l of ligands) alone.push(await p.predict({ protein, ligand: l }));
    const five = [...ligands, ligands[0]!, ligands[1]!];
    const together = await Promise.all(five.map((ligand) => p.predict({ protein, ligand })));
    expect(together.map((o) => timings(o).batchSize)).toEqual([4, 4, 4, 4, 1]);
    together.forEach((o, i) => expect(o.pK).toBeCloseTo(alone[i % 3]!.pK, 4));
    await p.close();
  });

  it('a complex that cannot be prepared fails alone; predictBatch reports it, predictBatchSettled keeps the rest', async () => {
    const p = await CompassPredictor.load(dirA, { maxQueueDelayMs: 20 });
    const inputs = [
      { protein, ligand: ligands[0]! },
      { protein, ligand: farLigand(ligands[1]!) },
      { protein, ligand: ligands[2]! },
    ];
    const settled = await p.predictBatchSettled(inputs);
    expect(settled.map((s) => s.ok)).toEqual([true, false, true]);
    const err = settled[1]!.ok ? undefined : settled[1]!.error;
    expect(isCompassError(err) && err.code).toBe('STRUCTURE_LIGAND_FAR');
    await expect(p.predictBatch(inputs)).rejects.toMatchObject({ code: 'STRUCTURE_LIGAND_FAR' });
    await p.close();
  });

  it('reports a non-finite output as PREDICTOR_NON_FINITE', async () => {
    const p = await CompassPredictor.load(await buildTestPackage(root, 'nan', 1, true));
    const e = await p.predict({ protein, ligand: ligands[0]! }).catch((x: unknown) => x);
    expect(isPredictorError(e) && e.code).toBe('PREDICTOR_NON_FINITE');
    await p.close();
  });

  it("'cuda' falls back to CPU with a visible warning when CUDA is not available", async () => {
    const warnings: ProviderWarning[] = [];
    const p = await CompassPredictor.load(dirA, { provider: 'cuda', onWarning: (w) => warnings.push(w) });
    if (p.provider === 'cpu') {
      expect(warnings.map((w) => [w.code, w.provider])).toEqual([['PROVIDER_UNAVAILABLE', 'cuda']]);
      expect(p.providerWarnings).toEqual(warnings);
    } else {
      expect(warnings).toEqual([]);
    }
    const out = await p.predict({ protein, ligand: ligands[0]! });
    expect(out.details!.provider).toBe(p.provider);
    await p.close();
  });

  it('close finishes queued work, then refuses new calls; an aborted call rejects with the reason', async () => {
    const p = await CompassPredictor.load(dirA, { maxQueueDelayMs: 30 });
    const queued = p.predict({ protein, ligand: ligands[0]! });
    await p.close();
    expect(Number.isFinite((await queued).pK)).toBe(true);
    await expect(p.predict({ protein, ligand: ligands[0]! })).rejects.toMatchObject({
      code: 'PREDICTOR_CLOSED',
    });
    const q = await CompassPredictor.load(dirA, { maxQueueDelayMs: 30 });
    const ac = new AbortController();
    const call = q.predict({ protein, ligand: ligands[0]! }, { signal: ac.signal });
    ac.abort(new Error('user gave up'));
    await expect(call).rejects.toThrow('user gave up');
    await q.close();
  });

  it('runs the session in a worker thread when asked, with the same values', async () => {
    const local = await CompassPredictor.load(dirA);
    const worker = await CompassPredictor.load(dirA, { worker: true });
    const [a, b] = await Promise.all([
      local.predict({ protein, ligand: ligands[2]! }),
      worker.predict({ protein, ligand: ligands[2]! }),
    ]);
    expect(b.pK).toBeCloseTo(a.pK, 5);
    await Promise.all([local.close(), worker.close()]);
  });

  it('gives the same batch predictions on one and on two intra-op threads (no lossy scatter)', async () => {
    const one = await CompassPredictor.load(dirA, { intraOpThreads: 1 });
    const two = await CompassPredictor.load(dirA, { intraOpThreads: 2 });
    const inputs = ligands.map((ligand) => ({ protein, ligand }));
    const [a, b] = await Promise.all([one.predictBatch(inputs), two.predictBatch(inputs)]);
    a.forEach((p, i) => expect(Math.abs(p.pK - b[i]!.pK)).toBeLessThan(1e-4));
    await Promise.all([one.close(), two.close()]);
  });

  it('reads a multi-record ligand file as one complex per record', async () => {
    const { complexes } = await readComplexFiles(FIXTURE_PROTEIN, FIXTURE_LIGANDS);
    expect(complexes.map((c) => c.name)).toEqual(ligands.map((l) => l.name));
  });
});

describe('EnsemblePredictor', () => {
  it('gives the members mean as pK and their sample standard deviation as uncertainty', async () => {
    const ens = await EnsemblePredictor.load([dirA, dirB]);
    const out = await ens.predict({ protein, ligand: ligands[1]! });
    const [a, b] = await Promise.all(ens.members.map((m) => m.predict({ protein, ligand: ligands[1]! })));
    expect(out.pK).toBeCloseTo((a!.pK + b!.pK) / 2, 6);
    expect(out.uncertainty).toBeCloseTo(Math.abs(a!.pK - b!.pK) / Math.SQRT2, 6);
    expect(out.uncertainty).toBeGreaterThan(0);
    expect(out.model).toBe(ens.name);
    expect(ens.name).toMatch(/^ensemble-[0-9a-f]{12}$/);
    const settled = await ens.predictBatchSettled([
      { protein, ligand: ligands[0]! },
      { protein, ligand: farLigand(ligands[0]!) },
    ]);
    expect(settled.map((s) => s.ok)).toEqual([true, false]);
    await ens.close();
  });

  it('refuses an empty ensemble', () => {
    expect(() => new EnsemblePredictor([])).toThrow(/at least one/);
  });
});

describe('loadDefaultPredictor', () => {
  it('without a bundled model: PREDICTOR_NO_DEFAULT_MODEL naming the folder', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'compass-no-bundled-'));
    try {
      const e = await loadDefaultPredictor({ bundledDir: empty }).catch((x: unknown) => x);
      expect(isPredictorError(e) && e.code).toBe('PREDICTOR_NO_DEFAULT_MODEL');
      expect(isPredictorError(e) && e.message).toContain(empty);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('loads the bundled model shipped in models/default and predicts', async () => {
    const p = await loadDefaultPredictor();
    expect(p.card.id).toBe((await loadModelPackage(bundledModelDir())).card.id);
    const out = await p.predict({ protein, ligand: ligands[0]! });
    expect(out.pK).toBeGreaterThan(0);
    expect(out.pK).toBeLessThan(16);
    expect(out.model).toBe(p.card.id);
    await p.close();
  });
});
