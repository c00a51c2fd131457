/** Predictions in worker threads (Vina, the bundled GIGN package): the same figures as in-process, typed errors, a time limit. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bundledModelDir,
  isCompassError,
  loadPredictor,
  parseLigands,
  parseProtein,
  VinaPredictor,
} from '@compass/sdk/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { ThreadedPredictor } from '../src/inference/predictor-thread/threaded-predictor.js';
import { EMPTY_SDF } from './hostile/corpus.js';

const FIX = join(import.meta.dirname, 'fixtures', 'inference');
const protein = parseProtein(readFileSync(join(FIX, 'tyk2_pocket.pdb'), 'utf8'), { format: 'pdb' });
const records = parseLigands(readFileSync(join(FIX, 'tyk2_ligands.sdf'), 'utf8'), { format: 'sdf' }).records;
const empty = parseLigands(EMPTY_SDF, { format: 'sdf' }).records[0]!;

const fallbacks: Error[] = [];
const threads = new ThreadedPredictor({ threads: 2, onFallback: (e) => fallbacks.push(e) });
afterAll(() => threads.close());

describe('ThreadedPredictor (vina)', () => {
  it('gives exactly the in-process Vina predictions, per-atom shares included', async () => {
    const inputs = records.map((ligand) => ({ protein, ligand, id: ligand.name }));
    const here = await new VinaPredictor({ perAtom: true }).predictBatch(inputs);
    const there = await threads.predictBatch(inputs);
    expect(there.map((p) => [p.pK, p.id, p.model])).toEqual(here.map((p) => [p.pK, p.id, p.model]));
    expect(there[0]!.details?.perAtom).toEqual(here[0]!.details?.perAtom);
    // scored in a thread, not by the in-process fallback
    expect(fallbacks).toEqual([]);
  });

  it('settles per record, an SDK error keeping its code', async () => {
    const out = await threads.predictBatchSettled([
      { protein, ligand: records[0]! },
      { protein, ligand: empty },
    ]);
    expect(out.map((o) => o.ok)).toEqual([true, false]);
    const error = !out[1]!.ok ? out[1]!.error : undefined;
    expect(isCompassError(error) && error.code).toBe('SCORING_EMPTY_LIGAND');
    await expect(threads.predict({ protein, ligand: empty })).rejects.toMatchObject({
      code: 'SCORING_EMPTY_LIGAND',
    });
  });

  it('stops a request past its time limit with PREDICTOR_RUN_FAILED, then serves the next on a new thread', async () => {
    const slow = new ThreadedPredictor({ threads: 1, timeoutMs: 1 });
    try {
      const many = Array.from({ length: 50 }, () => ({ protein, ligand: records[0]! }));
      const out = await slow.predictBatchSettled(many);
      expect(out).toHaveLength(50);
      expect(
        out.every((o) => !o.ok && isCompassError(o.error) && o.error.code === 'PREDICTOR_RUN_FAILED'),
      ).toBe(true);
    } finally {
      await slow.close();
    }
    const after = await threads.predict({ protein, ligand: records[0]! });
    expect(Number.isFinite(after.pK)).toBe(true);
  });

  it('refuses work once closed with PREDICTOR_CLOSED', async () => {
    const p = new ThreadedPredictor({ threads: 1 });
    await p.close();
    await expect(p.predict({ protein, ligand: records[0]! })).rejects.toMatchObject({
      code: 'PREDICTOR_CLOSED',
    });
  });
});

describe('ThreadedPredictor (a model package)', () => {
  it('runs the bundled GIGN ensemble in a thread with the in-process figures, members and uncertainty', async () => {
    const dir = bundledModelDir();
    const card = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { id: string };
    const seen: Error[] = [];
    const p = new ThreadedPredictor({
      model: { kind: 'package', dir, options: {} },
      name: card.id,
      threads: 1,
      onFallback: (e) => seen.push(e),
    });
    const here = await loadPredictor(dir);
    try {
      await p.warm();
      const inputs = records.map((ligand) => ({ protein, ligand, id: ligand.name }));
      const there = await p.predictBatch(inputs);
      const local = await here.predictBatch(inputs);
      expect(there.map((x) => [x.model, x.id])).toEqual(local.map((x) => [x.model, x.id]));
      there.forEach((x, i) => {
        expect(x.pK).toBeCloseTo(local[i]!.pK, 5);
        expect(x.uncertainty).toBeCloseTo(local[i]!.uncertainty!, 5);
      });
      expect((there[0]!.details?.members as unknown[]).length).toBe(3);
      expect(seen).toEqual([]);
      // an input the featuriser refuses keeps its SDK code across the thread boundary
      const out = await p.predictBatchSettled([{ protein, ligand: empty }]);
      expect(!out[0]!.ok && isCompassError(out[0]!.error) && out[0]!.error.code).toMatch(/^FEATURISE_/);
    } finally {
      await p.close();
      await here.close();
    }
  });

  it('rejects warm() with the typed error when the thread cannot open the package', async () => {
    const p = new ThreadedPredictor({
      model: { kind: 'package', dir: join(FIX, 'no-such-package'), options: {} },
      name: 'x',
      threads: 1,
    });
    try {
      await expect(p.warm()).rejects.toMatchObject({ code: 'MODEL_PACKAGE_NOT_FOUND' });
    } finally {
      await p.close();
    }
  });
});
