/** Training through the API on the sdk's TrainingJob: dataset by id, SSE to the end, model registered; stop; restart. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dataset, type Model, type Task } from '../src/storage/records.js';
import { removeDir, startTestServer, type TestServer } from './harness.js';
import { readEvents } from './sse.js';
import { uploadTyk2Dataset } from './tyk2-dataset.js';

const FIX = join(import.meta.dirname, 'fixtures', 'inference');

let s: TestServer;
let dataset: Dataset;
beforeAll(async () => {
  s = await startTestServer({ trainInWorker: false, modelOptions: { bundledDir: null } });
  dataset = await uploadTyk2Dataset(s);
});
afterAll(async () => {
  await s.close();
  removeDir(s.dataDir);
});

const createTask = async (config: Record<string, unknown>) =>
  (await (
    await s.call('POST', '/api/v1/tasks', { body: { name: 'tyk2-smoke', mode: 'smoke_test', config } })
  ).json()) as Task;

describe('training on the sdk', () => {
  it('trains the uploaded dataset, streams to the end and registers the model under a stable id', async () => {
    expect(dataset.status).toBe('ready');
    const task = await createTask({ epochs: 1, batchSize: 2, datasetId: dataset.id });
    const events = s.call('GET', `/api/v1/tasks/${task.id}/events`);
    expect((await s.call('POST', `/api/v1/tasks/${task.id}/start`)).status).toBe(202);
    const seen = await readEvents(await events, (e) => e.event === 'end');
    const end = seen.at(-1)!;
    expect(end.event).toBe('end');
    expect(end.data).toMatchObject({ state: 'succeeded', error: null });
    const modelId = (end.data as { modelId: string }).modelId;
    expect(modelId).toMatch(/^compass-[0-9a-f]{12}$/);
    expect(seen.some((e) => e.event === 'metrics')).toBe(true);
    const model = (await (await s.call('GET', `/api/v1/models/${modelId}`)).json()) as Model;
    expect(model.name).toBe('tyk2-smoke');
    expect(model.packagePath).toBe(`models/${modelId}`);
    // The trained package predicts through the API (CompassPredictor), in pK.
    const predicted = await s.call('POST', '/api/v1/inference/predict', {
      body: {
        model: modelId,
        protein: { format: 'pdb', text: readFileSync(join(FIX, 'tyk2_pocket.pdb'), 'utf8') },
        ligand: { format: 'sdf', text: readFileSync(join(FIX, 'tyk2_ligands.sdf'), 'utf8') },
      },
    });
    expect(predicted.status).toBe(200);
    const body = (await predicted.json()) as { model: string; predictions: { pK: number }[] };
    expect(body.model).toBe(modelId);
    expect(body.predictions).toHaveLength(3);
    expect(body.predictions.every((p) => Number.isFinite(p.pK))).toBe(true);
  }, 120_000);

  it('stops a running task within a step and keeps stop idempotent', async () => {
    const task = await createTask({ epochs: 200, batchSize: 1, datasetId: dataset.id });
    const events = s.call('GET', `/api/v1/tasks/${task.id}/events`);
    await s.call('POST', `/api/v1/tasks/${task.id}/start`);
    const stop = await s.call('POST', `/api/v1/tasks/${task.id}/stop`);
    expect(stop.status).toBe(202);
    expect((await s.call('POST', `/api/v1/tasks/${task.id}/stop`)).status).toBe(202);
    const end = (await readEvents(await events, (e) => e.event === 'end')).at(-1)!;
    expect(end.data).toMatchObject({ state: 'cancelled' });
  }, 60_000);

  it('leaves a task interrupted by a restart paused with its checkpoint, and resumes it to the end', async () => {
    const task = await createTask({ epochs: 3, batchSize: 1, datasetId: dataset.id });
    const events = s.call('GET', `/api/v1/tasks/${task.id}/events`);
    await s.call('POST', `/api/v1/tasks/${task.id}/start`);
    await readEvents(await events, (e) => e.event === 'metrics');
    const dataDir = s.dataDir;
    await s.close();
    s = await startTestServer({
      dataDir,
      adminToken: s.admin,
      trainInWorker: false,
      modelOptions: { bundledDir: null },
    });
    const recovered = (await (await s.call('GET', `/api/v1/tasks/${task.id}`)).json()) as Task;
    expect(recovered.state).toBe('paused');
    const after = s.call('GET', `/api/v1/tasks/${task.id}/events`);
    expect((await s.call('POST', `/api/v1/tasks/${task.id}/resume`)).status).toBe(202);
    const end = (await readEvents(await after, (e) => e.event === 'end')).at(-1)!;
    expect(end.data).toMatchObject({ state: 'succeeded' });
  }, 120_000);

  it('fails a task whose dataset is missing, with the reason', async () => {
    const task = await createTask({ epochs: 1, datasetId: 'no-such-dataset' });
    const res = await s.call('POST', `/api/v1/tasks/${task.id}/start`);
    expect(res.status).toBe(202);
    const after = (await (await s.call('GET', `/api/v1/tasks/${task.id}`)).json()) as Task;
    expect(after.state).toBe('failed');
    expect(after.error).toContain('dataset no-such-dataset not found');
  });
});
