/** A real (smoke) training run driven through the v0 API: the v0 progress, logs and model record it produces. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type V0TrainingTask } from '../../src/v0/index.js';
import { removeDir, startTestServer, type TestServer } from '../harness.js';
import { tyk2Archive, until, v0call, v0upload } from './v0-harness.js';

let s: TestServer;
let base: string;
beforeAll(async () => {
  s = await startTestServer({ trainInWorker: false, v0: { port: 0 } });
  base = s.v0!.url;
});
afterAll(async () => {
  await s.close();
  removeDir(s.dataDir);
});

describe('v0 training on the sdk trainer', () => {
  it('trains a smoke_test task to completed, with epoch progress, logs and its model listed with task_id', async () => {
    const up = await v0upload(base, await tyk2Archive(), 'tyk2.tar.gz');
    expect(up.body.status).toBe('ready');
    const created = await v0call<V0TrainingTask>(base, 'POST', '/api/v1/training/tasks', {
      config: { execution_mode: 'smoke_test', epochs: 1, batch_size: 2 },
      dataset_id: up.body.dataset_id,
    });
    const id = created.body.task_id;
    expect((await v0call(base, 'POST', `/api/v1/training/tasks/${id}/start`)).status).toBe(200);
    const done = await until(
      () => v0call<V0TrainingTask>(base, 'GET', `/api/v1/training/tasks/${id}`),
      (a) => ['completed', 'failed', 'cancelled'].includes(a.body.status),
      60_000,
    );
    expect(done.body.error).toBeNull();
    expect(done.body.status).toBe('completed');
    expect(done.body.progress).toMatchObject({
      stage: 'completed',
      progress: 1,
      training: { current_epoch: 1, total_epochs: 1, epoch_progress: 1 },
    });
    expect(typeof done.body.progress.training.train_loss).toBe('number');
    expect(done.body.progress.elapsed_time).toBeGreaterThan(0);
    const logs = await v0call<{ logs: string[]; total_lines: number }>(
      base,
      'GET',
      `/api/v1/training/tasks/${id}/logs`,
    );
    expect(logs.body.total_lines).toBeGreaterThan(0);
    const models = await v0call<{ models: Array<{ model_id: string; task_id: string | null }> }>(
      base,
      'GET',
      '/api/v1/models',
    );
    const produced = models.body.models.filter((m) => m.task_id === id);
    expect(produced).toHaveLength(1);
    expect(produced[0]!.model_id).toMatch(/^compass-[0-9a-f]{12}$/);
  }, 90_000);
});
