/**
 * Issue 9 on the real SDK trainer: two `compass-worker` processes with the built-in handlers train a task queued
 * in Redis; the worker holding it is killed with SIGKILL after a checkpoint, and the other finishes it from there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullJobQueue } from '../../src/jobs/bull/bull-job-queue.js';
import { QueueTaskRunner, trainingJobId } from '../../src/jobs/queue-task-runner.js';
import { type Dataset, type Task } from '../../src/storage/records.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { tgzOf } from '../archives.js';
import { removeDir, startTestServer, tempDir, type TestServer } from '../harness.js';
import { servicesUnavailable, startRedis, type Service } from './services.js';

const ROOT = resolve(__dirname, '../../../..');
const WORKER_CLI = resolve(__dirname, '../../src/worker/cli.ts');
const QUEUE = 'sdk-train';
const skip = servicesUnavailable() !== undefined || !sharedDataAvailable();

const docked = () => join(sharedDataDir(), 'flashdock-examples', 'Batch_Docking_Result');

async function until<T>(check: () => Promise<T | undefined | false>, what: string, ms = 40_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(skip)('SDK training on queue workers survives a SIGKILL (Redis, SQLite store)', () => {
  let redis: Service;
  let dataDir: string;
  let queue: BullJobQueue;
  let s: TestServer;
  let dataset: Dataset;
  const workers = new Map<string, { child: ChildProcess; output: string }>();

  const startWorker = async (id: string): Promise<void> => {
    const child = spawn(
      process.execPath,
      [
        ...['--conditions=source', '--import', 'tsx', WORKER_CLI],
        ...['--queue', redis.url, '--queue-name', QUEUE, '--data-dir', dataDir],
        ...['--store', `sqlite:${join(dataDir, 'compass.db')}`, '--id', id, '--device', 'cpu:test'],
        ...['--lock-ms', '3000', '--stalled-ms', '500'],
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const w = { child, output: '' };
    child.stdout?.on('data', (d: Buffer) => (w.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (w.output += d.toString()));
    workers.set(id, w);
    await until(async () => w.output.includes('"event":"ready"'), `worker ${id} ready`);
  };

  beforeAll(async () => {
    redis = await startRedis();
    dataDir = tempDir();
    const storage = SqliteStorage.open(join(dataDir, 'compass.db'));
    queue = await BullJobQueue.open(redis.url, { queueName: QUEUE });
    s = await startTestServer({ dataDir, storage, runner: new QueueTaskRunner(queue, { dataDir, storage }) });
    // Four FLASH-DOCK receptor/pose pairs with made-up pK labels, uploaded as a manifest dataset.
    const rows = ['protein,ligand,label'];
    const entries = [];
    for (let i = 1; i <= 4; i++) {
      const protein = `receptor${i}.pdb`;
      const ligand = `receptor${i}_ligand1_docked.sdf`;
      entries.push({ name: protein, data: readFileSync(join(docked(), protein)) });
      entries.push({ name: ligand, data: readFileSync(join(docked(), ligand)) });
      rows.push(`${protein},${ligand},${(5 + i / 2).toFixed(1)}`);
    }
    entries.push({ name: 'manifest.csv', data: `${rows.join('\n')}\n` });
    const form = new FormData();
    form.append('name', 'flashdock-4');
    form.append('file', new Blob([new Uint8Array(await tgzOf(entries))]), 'flashdock-4.tar.gz');
    const res = await fetch(`${s.url}/api/v1/datasets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.admin}` },
      body: form,
    });
    await s.datasets.idle();
    dataset = (await (
      await s.call('GET', `/api/v1/datasets/${((await res.json()) as Dataset).id}`)
    ).json()) as Dataset;
    await Promise.all([startWorker('worker-a'), startWorker('worker-b')]);
  }, 60_000);

  afterAll(async () => {
    for (const w of workers.values()) {
      if (w.child.exitCode === null && w.child.signalCode === null) {
        w.child.kill('SIGKILL');
        await new Promise((r) => w.child.once('exit', r));
      }
    }
    await s?.close();
    await queue?.close();
    await redis?.stop();
    if (dataDir) removeDir(dataDir);
  }, 30_000);

  it('finishes on the other worker from its checkpoint, registering a model that predicts', async () => {
    expect(dataset.status).toBe('ready');
    const created = await s.call('POST', '/api/v1/tasks', {
      body: {
        name: 'sdk-kill',
        mode: 'smoke_test',
        config: { epochs: 12, batchSize: 1, datasetId: dataset.id },
      },
    });
    const task = (await created.json()) as Task;
    expect((await s.call('POST', `/api/v1/tasks/${task.id}/start`)).status).toBe(202);
    const jobId = trainingJobId(task.id);
    // A checkpoint is on record once the job reports progress past its first epoch.
    const holder = await until(async () => {
      const j = await queue.get(jobId);
      return j && j.state === 'active' && j.progress >= 0.25 ? j.attempts[0]?.worker : undefined;
    }, 'training under way past a checkpoint');
    const w = workers.get(holder as string);
    expect(w).toBeDefined();
    w!.child.kill('SIGKILL');
    await new Promise((r) => w!.child.once('exit', r));

    const done = await until(
      async () => {
        const t = (await (await s.call('GET', `/api/v1/tasks/${task.id}`)).json()) as Task;
        return ['succeeded', 'failed', 'cancelled'].includes(t.state) ? t : undefined;
      },
      'the task to end',
      50_000,
    );
    expect(done).toMatchObject({ state: 'succeeded', progress: 1 });
    expect(done.modelId).toMatch(/\S/);

    const job = await queue.get(jobId);
    expect(job?.state).toBe('completed');
    expect(job?.attempts.map((a) => [a.attempt, a.resumed])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(job?.attempts[1]?.worker).not.toBe(holder);
    expect(job?.result).toMatchObject({ modelId: done.modelId, resumed: true, epochsRun: 12 });
    const logs = JSON.stringify(await (await s.call('GET', `/api/v1/tasks/${task.id}/logs`)).json());
    const step = /resumed from [^"]* at step (\d+)/.exec(logs);
    expect(step).not.toBeNull();
    expect(Number(step![1])).toBeGreaterThan(0);

    const model = await s.call('GET', `/api/v1/models/${done.modelId}`);
    expect(model.status).toBe(200);
    const predicted = await s.call('POST', '/api/v1/inference/predict', {
      body: {
        protein: { format: 'pdb', text: readFileSync(join(docked(), 'receptor1.pdb'), 'utf8') },
        ligand: { format: 'sdf', text: readFileSync(join(docked(), 'receptor1_ligand1_docked.sdf'), 'utf8') },
        model: done.modelId,
      },
    });
    const out = (await predicted.json()) as { model: string; predictions: { pK: number }[] };
    expect(predicted.status).toBe(200);
    expect(out.model).toBe(done.modelId);
    expect(out.predictions.length).toBeGreaterThan(0);
    expect(Number.isFinite(out.predictions[0]!.pK)).toBe(true);
  }, 100_000);
});
