/** The in-process SdkTaskRunner over a TrainingJob stand-in: what a task stores, and that it matches the queue path. */
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dataset, type Model, type Task } from '../src/storage/records.js';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { SdkTaskRunner } from '../src/training/sdk-task-runner.js';
import { removeDir, startTestServer, tempDir, type TestServer } from './harness.js';
import { FAKE_RUN_RECORDS, fakeTrainingJobs } from './scale/fake-trainer.js';
import { readEvents } from './sse.js';
import { uploadTyk2Dataset } from './tyk2-dataset.js';

const registered: string[] = [];
const modelOf = async (dir: string, opts: { readonly name?: string } = {}): Promise<Model> => {
  registered.push(dir);
  return {
    id: `model-of-${basename(dir)}`,
    name: opts.name ?? 'unnamed',
    aliases: [],
    isDefault: false,
    card: {},
    packagePath: dir,
    sha256: '0'.repeat(64),
    createdAt: new Date(0).toISOString(),
  };
};

let s: TestServer;
let storage: SqliteStorage;
let dataset: Dataset;
beforeAll(async () => {
  const dataDir = tempDir();
  storage = SqliteStorage.open(join(dataDir, 'compass.db'));
  const runner = new SdkTaskRunner({
    dataDir,
    storage,
    models: { registerDir: modelOf },
    jobs: fakeTrainingJobs,
    useWorker: false,
  });
  s = await startTestServer({ dataDir, storage, runner });
  dataset = await uploadTyk2Dataset(s);
});
afterAll(async () => {
  await s.close();
  await storage.close();
  removeDir(s.dataDir);
});

describe('SdkTaskRunner', () => {
  it('stores the same epoch records as the queue handler, the finished epoch as progress, and the model', async () => {
    const created = await s.call('POST', '/api/v1/tasks', {
      body: { name: 'fake-run', mode: 'smoke_test', config: { epochs: 3, datasetId: dataset.id } },
    });
    const task = (await created.json()) as Task;
    const events = s.call('GET', `/api/v1/tasks/${task.id}/events`);
    expect((await s.call('POST', `/api/v1/tasks/${task.id}/start`)).status).toBe(202);
    const seen = await readEvents(await events, (e) => e.event === 'end');
    expect(seen.at(-1)?.data).toMatchObject({ state: 'succeeded', modelId: 'model-of-model', error: null });
    // Progress as each epoch ends: epochs count from 0, so epoch e of 3 is (e + 1) / 3 done.
    const progress = seen
      .filter((e) => e.event === 'progress')
      .map((e) => (e.data as { progress: number }).progress);
    expect(progress).toEqual(expect.arrayContaining([1 / 3, 2 / 3, 1]));
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
    const metrics = (await (await s.call('GET', `/api/v1/tasks/${task.id}/metrics`)).json()) as {
      items: { epoch: number; values: Record<string, number> }[];
    };
    expect(metrics.items.map((m) => [m.epoch, m.values])).toEqual(FAKE_RUN_RECORDS);
    expect(registered).toEqual([join(s.dataDir, 'training', task.id, 'model')]);
  });
});
