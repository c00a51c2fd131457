/**
 * The inference service records its work through the observer it is given (`InferenceMetrics`), not through the
 * HTTP layer's Prometheus registry: a plain recorder sees one count per predicted complex and one batch size per
 * request, by model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InferenceMetrics } from '../src/inference/inference-metrics.js';
import { InferenceService } from '../src/inference/inference-service.js';
import { ModelManager } from '../src/inference/model-manager.js';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { removeDir, tempDir } from './harness.js';

const FIX = join(import.meta.dirname, 'fixtures', 'inference');
const protein = { format: 'pdb', text: readFileSync(join(FIX, 'tyk2_pocket.pdb'), 'utf8') } as const;
const ligand = { format: 'sdf', text: readFileSync(join(FIX, 'tyk2_ligands.sdf'), 'utf8') } as const;

/** An observer that keeps every call it gets. */
function recorder() {
  const calls: { kind: 'predictions' | 'batches'; model: string; value: number }[] = [];
  const metrics: InferenceMetrics = {
    predictions: { inc: (labels, value) => calls.push({ kind: 'predictions', model: labels.model, value }) },
    batches: { observe: (labels, value) => calls.push({ kind: 'batches', model: labels.model, value }) },
  };
  return { calls, metrics };
}

let dir: string;
let storage: SqliteStorage;
let models: ModelManager;
beforeAll(async () => {
  dir = tempDir();
  storage = SqliteStorage.open(join(dir, 'compass.db'));
  models = new ModelManager(storage, { dataDir: dir, bundledDir: null });
  await models.start();
});
afterAll(async () => {
  await models.close();
  storage.close();
  removeDir(dir);
});

describe('InferenceService metrics observer', () => {
  it('counts each predicted complex and each batch, by model, through the injected observer', async () => {
    const { calls, metrics } = recorder();
    const service = new InferenceService(models, metrics);
    const res = await service.predict({ protein, ligand });
    expect(res.model).toBe('vina');
    const n = res.predictions.length;
    expect(n).toBeGreaterThan(1);
    expect(calls).toEqual([
      { kind: 'predictions', model: 'vina', value: n },
      { kind: 'batches', model: 'vina', value: n },
    ]);
  });

  it('records nothing for a request that predicts nothing', async () => {
    const { calls, metrics } = recorder();
    const service = new InferenceService(models, metrics);
    await expect(
      service.predict({ protein, ligand: { format: 'sdf', text: 'not a molecule\n' } }),
    ).rejects.toMatchObject({ code: 'INVALID_STRUCTURE', status: 422 });
    expect(calls).toEqual([]);
  });
});
