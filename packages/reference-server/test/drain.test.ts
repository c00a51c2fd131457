/** SIGTERM drain with a registry: maintenance at once, in-flight predictions finish, then deregistration. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryClient, startRegistryServer } from '@compass/registry-sdk';
import { describe, expect, it } from 'vitest';
import { type LoadedModel } from '../src/inference/model-manager.js';
import { removeDir, startTestServer } from './harness.js';

const FIX = join(import.meta.dirname, 'fixtures', 'inference');

describe('drain', () => {
  it('marks the instance draining, finishes the in-flight prediction, then deregisters', async () => {
    const registry = await startRegistryServer({ port: 0, auth: { writeTokens: ['t'] } });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inFlight = new Promise<void>((r) => (entered = r));
    // A predictor that holds its call until the test releases it.
    const loader = async (model: { id: string; name: string }): Promise<LoadedModel> => ({
      id: model.id,
      name: model.name,
      provider: 'cpu',
      ensemble: false,
      close: async () => undefined,
      predictor: {
        name: 'held',
        predict: () => Promise.reject(new Error('unused')),
        predictBatch: async (inputs) => {
          entered();
          await gate;
          return inputs.map(() => ({ pK: 5.5, model: 'held', warnings: [] }));
        },
      },
    });
    const s = await startTestServer({
      registry: { url: registry.url, token: 't', ttlMs: 5000 },
      modelOptions: { bundledDir: null, loader },
    });
    const client = new RegistryClient({ url: registry.url });
    try {
      await s.registration!.whenRegistered();
      const id = s.registration!.instance!.id;
      const predicting = s.call('POST', '/api/v1/inference/predict', {
        body: {
          protein: { format: 'pdb', text: readFileSync(join(FIX, 'tyk2_pocket.pdb'), 'utf8') },
          ligand: { format: 'pdbqt', text: readFileSync(join(FIX, 'tyk2_ligand1.pdbqt'), 'utf8') },
        },
      });
      await inFlight;
      const closing = s.close();
      expect(s.isDraining()).toBe(true);
      let instance = await client.getInstance(id);
      for (let i = 0; i < 50 && !instance.draining; i++) {
        await new Promise((r) => setTimeout(r, 20));
        instance = await client.getInstance(id);
      }
      expect(instance).toMatchObject({ draining: true, status: 'maintenance' });
      release();
      const res = await predicting;
      expect(res.status).toBe(200);
      expect(((await res.json()) as { predictions: { pK: number }[] }).predictions[0]!.pK).toBe(5.5);
      await closing;
      const left = await client.listInstances('compass', { passingOnly: false });
      expect(left.instances.map((x) => x.id)).not.toContain(id);
    } finally {
      release();
      await s.close();
      await client.close();
      await registry.close();
      removeDir(s.dataDir);
    }
  });
});
