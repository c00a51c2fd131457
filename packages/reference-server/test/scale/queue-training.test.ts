/** QueueTaskRunner's default job input: the same SDK training input as the in-process trainer, never a stand-in. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessJobQueue } from '../../src/jobs/in-process-queue.js';
import { QueueTaskRunner } from '../../src/jobs/queue-task-runner.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { type Dataset, type Task } from '../../src/storage/records.js';
import { trainingConfigOf } from '../../src/training/task-training-input.js';
import { removeDir, startTestServer, tempDir, type TestServer } from '../harness.js';
import { uploadTyk2Dataset } from '../tyk2-dataset.js';

async function until<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const end = Date.now() + 20_000;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('QueueTaskRunner default job input', () => {
  let s: TestServer;
  let queue: InProcessJobQueue;
  let dataset: Dataset;
  beforeAll(async () => {
    const dataDir = tempDir();
    const storage = SqliteStorage.open(join(dataDir, 'compass.db'));
    // The real `train` handler over a fake TrainingJob that records what it was created with.
    queue = new InProcessJobQueue({
      dataDir,
      threads: 1,
      handlersModule: resolve(__dirname, 'training-handlers.ts'),
    });
    s = await startTestServer({ dataDir, storage, runner: new QueueTaskRunner(queue, { dataDir, storage }) });
    dataset = await uploadTyk2Dataset(s);
  });
  afterAll(async () => {
    await s?.close();
    await queue?.close();
    if (s) removeDir(s.dataDir);
  });

  it("trains the task's config on its uploaded dataset's folder, as the in-process trainer would", async () => {
    expect(dataset.status).toBe('ready');
    const created = await s.call('POST', '/api/v1/tasks', {
      body: {
        name: 'queued-tyk2',
        mode: 'smoke_test',
        config: { epochs: 2, batchSize: 2, datasetId: dataset.id },
      },
    });
    const task = (await created.json()) as Task;
    expect((await s.call('POST', `/api/v1/tasks/${task.id}/start`)).status).toBe(202);
    const done = await until(async () => {
      const t = (await (await s.call('GET', `/api/v1/tasks/${task.id}`)).json()) as Task;
      return ['succeeded', 'failed', 'cancelled'].includes(t.state) ? t : undefined;
    }, 'the task to end');
    expect(done).toMatchObject({ state: 'succeeded', modelId: 'model-of-model', progress: 1 });
    const input = JSON.parse(readFileSync(join(s.dataDir, 'training', task.id, 'created.json'), 'utf8')) as {
      config: unknown;
      dataset: string;
      modelName: string;
    };
    expect(input.config).toEqual(JSON.parse(JSON.stringify(trainingConfigOf(task))));
    expect(input.config).toMatchObject({ mode: 'smoke_test', epochs: 2, batchSize: 2 });
    expect(input.dataset).toBe(join(s.dataDir, 'datasets', dataset.id, 'extracted'));
    expect(input.modelName).toBe('queued-tyk2');
  });

  it("fails a task that names no dataset with the in-process trainer's message, submitting no job", async () => {
    const created = await s.call('POST', '/api/v1/tasks', {
      body: { name: 'no-data', mode: 'smoke_test', config: { epochs: 1 } },
    });
    const task = (await created.json()) as Task;
    expect((await s.call('POST', `/api/v1/tasks/${task.id}/start`)).status).toBe(202);
    const after = (await (await s.call('GET', `/api/v1/tasks/${task.id}`)).json()) as Task;
    expect(after.state).toBe('failed');
    expect(after.error).toBe('the task names no dataset (config.datasetId)');
    expect(await queue.get(`train-${task.id}`)).toBeUndefined();
  });
});

describe('the built-in train handler', () => {
  it('fails a job without a trainingConfig with JOB_INPUT_INVALID instead of running a stand-in', async () => {
    const dataDir = tempDir();
    const queue = new InProcessJobQueue({ dataDir, threads: 1 });
    try {
      const id = await queue.submit({ kind: 'train', data: { taskId: 'old-style', epochs: 2 }, attempts: 1 });
      const info = await queue.wait(id, 20_000);
      expect(info.state).toBe('failed');
      expect(info.error).toContain('no trainingConfig');
      expect(info.progress).toBe(0);
    } finally {
      await queue.close();
      removeDir(dataDir);
    }
  });

  it('QueueTaskRunner without dataDir and storage refuses to build a job (a typed error)', async () => {
    const dataDir = tempDir();
    const queue = new InProcessJobQueue({ dataDir, threads: 1 });
    const runner = new QueueTaskRunner(queue);
    try {
      const task = {
        id: 't',
        name: 't',
        mode: 'smoke_test',
        progress: 0,
        config: { epochs: 1 },
      } as unknown as Task;
      const ctx = { signal: new AbortController().signal, report: {} } as never;
      await expect(runner.start(task, ctx)).rejects.toMatchObject({
        name: 'ScaleError',
        code: 'JOB_INPUT_INVALID',
      });
      expect(await queue.get('train-t')).toBeUndefined();
    } finally {
      runner.detach();
      await queue.close();
      removeDir(dataDir);
    }
  });
});
