/**
 * The FLASH-DOCK client's whole workflow against our registry and server, both with the v0 API on: discover, list
 * models, inference status, upload a dataset, create/start/pause/resume-via-start/stop/delete a task with logs
 * and progress, predict by server path, batch, delete the dataset; the same server is found by our balancer.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Balancer, httpTransport } from '@compass/balancer';
import { RegistryClient, startRegistryServer, type RunningRegistryServer } from '@compass/registry-sdk';
import { type V0Progress, type V0TrainingTask } from '../../src/v0/index.js';
import { removeDir } from '../harness.js';
import {
  FIX,
  NAIVE_ISO,
  startV0TestServer,
  tyk2Archive,
  until,
  v0call,
  v0upload,
  type V0TestServer,
} from './v0-harness.js';

let registry: RunningRegistryServer;
let s: V0TestServer;

beforeAll(async () => {
  registry = await startRegistryServer({
    port: 0,
    auth: { writeTokens: ['registry-token'] },
    v0: { ttlMs: 5000, deregisterAfterMs: 5000, probeTimeoutMs: 1000 },
  });
  s = await startV0TestServer({ registry: { url: registry.url, heartbeatMs: 200 } });
});
afterAll(async () => {
  await s?.close();
  await registry?.close();
  if (s) removeDir(s.dataDir);
});

interface ServiceInfo {
  service_name: string;
  service_id: string;
  host: string;
  port: number;
  base_url: string;
  status: string;
}

/** What the client does on every Streamlit rerun: discover healthy compass-service instances. */
async function discover(): Promise<string> {
  const found = await until(
    () =>
      v0call<{ services: ServiceInfo[]; count: number }>(
        registry.url,
        'GET',
        '/api/v1/services?service_name=compass-service&status_filter=healthy',
      ),
    (a) => a.body.count > 0,
  );
  expect(found.status).toBe(200);
  const svc = found.body.services[0]!;
  expect(svc).toMatchObject({ service_name: 'compass-service', host: '127.0.0.1', port: s.v0!.port });
  expect(svc.service_id).toMatch(/^compass-service-[0-9a-f]{8}$/);
  // The client connects to http://host:port (it ignores base_url).
  return `http://${svc.host}:${svc.port}`;
}

describe('the v0 client workflow', () => {
  it('discovers the server, reads models and status, trains, predicts and cleans up', async () => {
    const base = await discover();

    const status = await v0call<Record<string, unknown>>(base, 'GET', '/api/v1/inference/status');
    expect(status.status).toBe(200);
    expect(Object.keys(status.body).sort()).toEqual(
      ['cached_model_ids', 'device', 'latest_model', 'loaded_models', 'max_cache_size', 'status'].sort(),
    );
    expect(status.body.status).toBe('ready');
    expect(status.body.cached_model_ids).toContain(status.body.latest_model);
    expect(status.body.loaded_models).toBe((status.body.cached_model_ids as string[]).length);

    const models = await v0call<{ models: Array<Record<string, unknown>>; count: number }>(
      base,
      'GET',
      '/api/v1/models',
    );
    expect(models.status).toBe(200);
    expect(models.body.count).toBe(models.body.models.length);
    for (const m of models.body.models) {
      expect(typeof m.model_id).toBe('string');
      expect(typeof m.name).toBe('string');
      expect(typeof m.version).toBe('string');
      expect(m.created_at).toMatch(NAIVE_ISO);
      expect(Number.isInteger(m.file_size)).toBe(true);
    }
    expect(models.body.models.map((m) => m.model_id)).toContain(status.body.latest_model);
    expect(models.body.models.find((m) => m.model_id === 'vina')).toMatchObject({
      version: expect.stringMatching(/^sha256:[0-9a-f]{12}$/),
      task_id: null,
      checkpoint_path: 'builtin:vina',
      file_size: 0,
      metrics: {},
    });

    // Upload: 201 once validated, with the v0 Dataset fields; the page offers it because it is ready.
    const up = await v0upload(base, await tyk2Archive(), 'tyk2.tar.gz');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      name: 'tyk2',
      description: 'TYK2 series from FLASH-DOCK',
      status: 'ready',
      file_count: 2,
      error: null,
    });
    expect(up.body.size).toBeGreaterThan(0);
    expect(up.body.created_at).toMatch(NAIVE_ISO);
    const datasetId = up.body.dataset_id as string;
    const listed = await v0call<{ datasets: Array<Record<string, unknown>>; count: number }>(
      base,
      'GET',
      '/api/v1/data/datasets',
    );
    expect(listed.body.datasets.find((d) => d.dataset_id === datasetId)).toMatchObject({ status: 'ready' });
    expect(listed.body.count).toBe(listed.body.datasets.length);

    // Create: 201 pending, config echoed under the v0 keys, progress a dict with training epochs.
    const created = await v0call<V0TrainingTask>(base, 'POST', '/api/v1/training/tasks', {
      config: {
        execution_mode: 'smoke_test',
        epochs: 3,
        batch_size: 2,
        learning_rate: 0.001,
        optimizer: 'Adam',
      },
      dataset_id: datasetId,
      description: 'tyk2 smoke run',
    });
    expect(created.status).toBe(201);
    const task = created.body;
    expect(task.task_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(task).toMatchObject({
      status: 'pending',
      config: {
        execution_mode: 'smoke_test',
        epochs: 3,
        batch_size: 2,
        learning_rate: 0.001,
        optimizer: 'adam',
        dataset_id: datasetId,
      },
      description: 'tyk2 smoke run',
      started_at: null,
      completed_at: null,
      error: null,
    });
    expect(task.progress.training).toMatchObject({ current_epoch: 0, total_epochs: 3 });
    const id = task.task_id as string;
    const get = () =>
      v0call<V0TrainingTask & { error_code?: string }>(base, 'GET', `/api/v1/training/tasks/${id}`);
    const tasks = await v0call<{ tasks: Array<{ task_id: string }>; count: number }>(
      base,
      'GET',
      '/api/v1/training/tasks',
    );
    expect(tasks.body.tasks.map((t) => t.task_id)).toContain(id);

    expect(await v0call(base, 'POST', `/api/v1/training/tasks/${id}/start`)).toMatchObject({
      status: 200,
      body: { message: `Task ${id} started`, task_id: id },
    });
    expect((await get()).body.status).toBe('running');
    const run = s.runner.run(id);
    await run.report.log('info', 'epoch 1 \u001b[32mstarted\u001b[0m');
    // The trainer counts epochs from 0: this is the first one, complete.
    await run.report.epoch(0, { trainLoss: 0.75, 'validation.rmse': 1.25 }, 1 / 3);
    const metrics = await v0call<{ metrics: V0Progress; timestamp: string }>(
      base,
      'GET',
      `/api/v1/training/tasks/${id}/metrics`,
    );
    expect(metrics.body.timestamp).toMatch(NAIVE_ISO);
    expect(metrics.body.metrics).toMatchObject({
      stage: 'training',
      cancelled: false,
      training: { current_epoch: 1, total_epochs: 3, train_loss: 0.75, val_loss: 1.25 },
    });
    expect(metrics.body.metrics.progress).toBeCloseTo(1 / 3, 6);
    const logs = await v0call<{ logs: string[]; total_lines: number }>(
      base,
      'GET',
      `/api/v1/training/tasks/${id}/logs?limit=10`,
    );
    expect(logs.body.total_lines).toBe(1);
    expect(logs.body.logs[0]!.endsWith('epoch 1 \u001b[32mstarted\u001b[0m')).toBe(true);
    expect(logs.body.logs[0]).toMatch(/^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\] epoch 1 /);

    expect(await v0call(base, 'POST', `/api/v1/training/tasks/${id}/pause`)).toMatchObject({
      status: 200,
      body: { message: `Task ${id} paused`, task_id: id },
    });
    expect((await get()).body.status).toBe('paused');
    // start on a paused task resumes it.
    expect((await v0call(base, 'POST', `/api/v1/training/tasks/${id}/start`)).status).toBe(200);
    expect((await get()).body.status).toBe('running');
    expect(s.runner.calls).toEqual([`start:${id}`, `pause:${id}`, `resume:${id}`]);

    // Stop, then poll every 0.5 s (here faster) until cancelled, as the page does.
    expect(await v0call(base, 'POST', `/api/v1/training/tasks/${id}/stop`)).toMatchObject({
      status: 200,
      body: { message: `Task ${id} stopped`, task_id: id },
    });
    const stopped = await until(get, (a) => ['cancelled', 'completed', 'failed'].includes(a.body.status));
    expect(stopped.body).toMatchObject({ status: 'cancelled', progress: { cancelled: true } });
    expect(stopped.body.completed_at).toMatch(NAIVE_ISO);

    expect(await v0call(base, 'DELETE', `/api/v1/training/tasks/${id}`)).toMatchObject({
      status: 200,
      body: { message: `Task ${id} deleted`, task_id: id },
    });
    expect(await get()).toMatchObject({ status: 404, body: { error_code: 'ERR_3004', status_code: 404 } });

    // Predict by server path (within --allowed-dir): the same pK as our own API gives for the first record.
    const predicted = await v0call<Record<string, unknown>>(base, 'POST', '/api/v1/inference/predict', {
      protein_path: join(FIX, 'tyk2_pocket.pdb'),
      ligand_path: join(FIX, 'tyk2_ligands.sdf'),
      model_id: null,
    });
    expect(predicted.status).toBe(200);
    expect(predicted.body.confidence).toBeNull();
    expect(predicted.body.model_id).toBe(status.body.latest_model);
    expect(predicted.body.inference_time).toBeGreaterThan(0);
    const ours = (await (
      await s.call('POST', '/api/v1/inference/predict', {
        body: {
          protein: { path: join(FIX, 'tyk2_pocket.pdb') },
          ligand: { path: join(FIX, 'tyk2_ligands.sdf') },
        },
      })
    ).json()) as { predictions: Array<{ pK: number }> };
    expect(predicted.body.binding_affinity).toBeCloseTo(ours.predictions[0]!.pK, 6);

    const batch = await v0call<{
      results: Array<Record<string, unknown>>;
      total_count: number;
      success_count: number;
      failed_count: number;
    }>(base, 'POST', '/api/v1/inference/batch', {
      protein_ligand_pairs: [
        { protein: join(FIX, 'tyk2_pocket.pdb'), ligand: join(FIX, 'tyk2_ligands.sdf') },
        { protein: join(FIX, 'tyk2_pocket.pdb'), ligand: join(FIX, 'missing.sdf') },
      ],
    });
    expect(batch.status).toBe(200);
    expect(batch.body).toMatchObject({ total_count: 2, success_count: 1, failed_count: 1 });
    expect(batch.body.results[0]).toEqual({
      protein_path: join(FIX, 'tyk2_pocket.pdb'),
      ligand_path: join(FIX, 'tyk2_ligands.sdf'),
      binding_affinity: predicted.body.binding_affinity,
      success: true,
    });
    expect(batch.body.results[1]).toMatchObject({ ligand_path: join(FIX, 'missing.sdf'), success: false });
    expect(typeof batch.body.results[1]!.error).toBe('string');

    expect(await v0call(base, 'DELETE', `/api/v1/data/datasets/${datasetId}`)).toMatchObject({
      status: 200,
      body: { message: 'Dataset deleted', dataset_id: datasetId },
    });
    expect(await v0call(base, 'DELETE', `/api/v1/data/datasets/${datasetId}`)).toMatchObject({
      status: 404,
      body: { detail: 'Dataset not found' },
    });
  });

  it('is discovered by our balancer too, which reaches the v0 listener it advertises', async () => {
    const client = new RegistryClient({ url: registry.url });
    const source = client.discover('compass-service');
    const balancer = new Balancer({ source, transport: httpTransport() });
    try {
      await until(
        async () => (await client.listInstances('compass-service')).instances.length,
        (n) => n > 0,
      );
      const [instance] = (await client.listInstances('compass-service')).instances;
      expect(instance).toMatchObject({
        address: '127.0.0.1',
        port: s.v0!.port,
        status: 'passing',
        tags: ['v0'],
      });
      const res = await until(
        () => balancer.call({ method: 'GET', path: '/api/v1/inference/status' }).catch(() => undefined),
        (r) => r !== undefined,
      );
      expect(res?.status).toBe(200);
      expect((res?.body as { status: string }).status).toBe('ready');
    } finally {
      balancer.close();
      source.close();
      await client.close();
    }
  });

  it('deregisters from the v0 registry when the server closes', async () => {
    const id = s.v0!.registration!.serviceId()!;
    expect((await v0call(registry.url, 'GET', `/api/v1/services/${id}`)).status).toBe(200);
    await s.close();
    expect((await v0call(registry.url, 'GET', `/api/v1/services/${id}`)).status).toBe(404);
  });
});
