/** The Vina model in worker threads: the same figures as in-process, SDK errors with their codes, a time limit. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCompassError, parseLigands, parseProtein, VinaPredictor } from '@compass/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { VinaThreadPredictor } from '../src/inference/vina-thread/vina-thread-predictor.js';
import { EMPTY_SDF } from './hostile/corpus.js';

const FIX = join(import.meta.dirname, 'fixtures', 'inference');
const protein = parseProtein(readFileSync(join(FIX, 'tyk2_pocket.pdb'), 'utf8'), { format: 'pdb' });
const records = parseLigands(readFileSync(join(FIX, 'tyk2_ligands.sdf'), 'utf8'), { format: 'sdf' }).records;
const empty = parseLigands(EMPTY_SDF, { format: 'sdf' }).records[0]!;

const fallbacks: Error[] = [];
const threads = new VinaThreadPredictor({ threads: 2, onFallback: (e) => fallbacks.push(e) });
afterAll(() => threads.close());

describe('VinaThreadPredictor', () => {
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
    const slow = new VinaThreadPredictor({ threads: 1, timeoutMs: 1 });
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
    const p = new VinaThreadPredictor({ threads: 1 });
    await p.close();
    await expect(p.predict({ protein, ligand: records[0]! })).rejects.toMatchObject({
      code: 'PREDICTOR_CLOSED',
    });
  });
});
