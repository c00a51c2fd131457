/**
 * End to end on real engines: two servers sharing PostgreSQL and a Redis queue, two `compass-worker` processes.
 * A training task started through one server is stopped through the other; a worker killed with SIGKILL mid-job
 * leaves its job to the other worker, which resumes from the checkpoint; 20,000 poses are scored with exactly
 * 20,000 result rows while a worker is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullJobQueue } from '../../src/jobs/bull/bull-job-queue.js';
import { startBatchScoring } from '../../src/jobs/batch/batch-scoring.js';
import { QueueTaskRunner, trainingJobId } from '../../src/jobs/queue-task-runner.js';
import { PostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import { startTestServer, type TestServer } from '../harness.js';
import { pocketPdb, poses } from './fixtures.js';
import { servicesUnavailable, startPostgres, startRedis, type Service } from './services.js';

const ROOT = resolve(__dirname, '../../../..');
const WORKER_CLI = resolve(__dirname, '../../src/worker/cli.ts');
const STAND_IN_HANDLERS = resolve(__dirname, 'stand-in-handlers.ts');
const skip = servicesUnavailable() !== undefined;
const QUEUE = 'e2e';

interface WorkerProc {
  readonly id: string;
  readonly child: ChildProcess;
  output: string;
}

async function until<T>(check: () => Promise<T | undefined | false>, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(skip)('scale-out end to end (PostgreSQL, Redis, two servers, two workers)', () => {
  let pg: Service;
  let redis: Service;
  let dataDir: string;
  let a: TestServer;
  let b: TestServer;
  let queueA: BullJobQueue;
  let queueB: BullJobQueue;
  const workers = new Map<string, WorkerProc>();

  const startWorker = async (id: string): Promise<WorkerProc> => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        WORKER_CLI,
        ...['--queue', redis.url, '--queue-name', QUEUE, '--data-dir', dataDir, '--store', pg.url],
        ...[
          '--id',
          id,
          '--provider',
          'cpu',
          '--device',
          'cpu:test',
          '--lock-ms',
          '3000',
          '--stalled-ms',
          '500',
          // The paced stand-in trainer, so kills land mid-run; the real `train` handler is tested elsewhere.
          '--handlers',
          STAND_IN_HANDLERS,
        ],
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const w: WorkerProc = { id, child, output: '' };
    child.stdout?.on('data', (d: Buffer) => (w.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (w.output += d.toString()));
    workers.set(id, w);
    await until(async () => w.output.includes('"event":"ready"'), `worker ${id} ready`, 60_000);
    const ready = JSON.parse(w.output.split('\n').find((l) => l.includes('"ready"')) as string) as Record<
      string,
      unknown
    >;
    expect(ready).toMatchObject({
      worker: id,
      provider: 'cpu',
      device: 'cpu:test',
      queue: QUEUE,
      store: 'postgres',
    });
    return w;
  };

  const kill = async (id: string): Promise<void> => {
    const w = workers.get(id);
    if (!w || w.child.exitCode !== null) return;
    w.child.kill('SIGKILL');
    await new Promise((r) => w.child.once('exit', r));
    workers.delete(id);
  };

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    dataDir = mkdtempSync(join(tmpdir(), 'compass-e2e-'));
    const server = async (first: boolean) => {
      const queue = await BullJobQueue.open(redis.url, { queueName: QUEUE });
      const runner = new QueueTaskRunner(queue, {
        jobData: (task) => ({ taskId: task.id, epochs: 4, stepsPerEpoch: 10, stepMs: 100 }),
      });
      const storage = await PostgresStorage.open(pg.url, { schema: 'e2e' });
      const s = await startTestServer({
        dataDir,
        storage,
        runner,
        ...(first ? {} : { adminToken: a.admin }),
      });
      return { s, queue };
    };
    ({ s: a, queue: queueA } = await server(true));
    ({ s: b, queue: queueB } = await server(false));
    await Promise.all([startWorker('worker-1'), startWorker('worker-2')]);
  }, 120_000);

  afterAll(async () => {
    for (const id of [...workers.keys()]) await kill(id);
    await a?.close();
    await b?.close();
    await queueA?.close();
    await queueB?.close();
    await redis?.stop();
    await pg?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const task = async (s: TestServer, id: string) =>
    (await (await s.call('GET', `/api/v1/tasks/${id}`)).json()) as {
      state: string;
      progress: number;
      error: string | null;
    };

  it('shares one store: a key and a task made through one server work through the other', async () => {
    expect(a.admin).toMatch(/^cmp_/);
    const created = await a.call('POST', '/api/v1/tasks', { body: { name: 'shared', mode: 'smoke_test' } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await task(b, id)).state).toBe('pending');
  });

  it('stops through server B a training job created and started through server A', async () => {
    const created = await a.call('POST', '/api/v1/tasks', { body: { name: 'stop-me', mode: 'smoke_test' } });
    const { id } = (await created.json()) as { id: string };
    expect((await a.call('POST', `/api/v1/tasks/${id}/start`)).status).toBeLessThan(300);
    // Metrics written through A's reporter reach B through the shared store.
    await until(async () => {
      const r = await b.call('GET', `/api/v1/tasks/${id}/metrics`);
      const body = (await r.json()) as { items?: unknown[] } | unknown[];
      const items = Array.isArray(body) ? body : (body.items ?? []);
      return items.length > 0;
    }, 'metrics visible through B');
    expect((await b.call('POST', `/api/v1/tasks/${id}/stop`)).status).toBe(202);
    const final = await until(async () => {
      const t = await task(a, id);
      return t.state === 'cancelled' ? t : undefined;
    }, 'cancelled');
    expect(final.progress).toBeLessThan(1);
    const job = await queueB.get(trainingJobId(id));
    expect(job?.state).toBe('stopped');
    expect(job?.attempts).toHaveLength(1);
  });

  it('pauses through one server and resumes through the other; the run continues on its worker', async () => {
    const created = await a.call('POST', '/api/v1/tasks', { body: { name: 'pause-me', mode: 'smoke_test' } });
    const { id } = (await created.json()) as { id: string };
    expect((await a.call('POST', `/api/v1/tasks/${id}/start`)).status).toBeLessThan(300);
    const jobId = trainingJobId(id);
    await until(async () => ((await queueA.get(jobId))?.progress ?? 0) > 0.1, 'training under way');
    expect((await b.call('POST', `/api/v1/tasks/${id}/pause`)).status).toBeLessThan(300);
    expect((await task(a, id)).state).toBe('paused');
    expect((await queueB.get(jobId))?.state).toBe('paused');
    const held = (await queueA.get(jobId))?.progress;
    await new Promise((r) => setTimeout(r, 400));
    expect((await queueA.get(jobId))?.progress).toBe(held);
    expect((await a.call('POST', `/api/v1/tasks/${id}/resume`)).status).toBeLessThan(300);
    const done = await until(
      async () => {
        const t = await task(b, id);
        return t.state === 'succeeded' || t.state === 'failed' ? t : undefined;
      },
      'training finished',
      90_000,
    );
    expect(done).toMatchObject({ state: 'succeeded', progress: 1 });
    expect((await queueA.get(jobId))?.attempts).toHaveLength(1);
  });

  it('finishes a training job on the other worker from its checkpoint after SIGKILL', async () => {
    const created = await b.call('POST', '/api/v1/tasks', {
      body: { name: 'kill-worker', mode: 'smoke_test' },
    });
    const { id } = (await created.json()) as { id: string };
    expect((await b.call('POST', `/api/v1/tasks/${id}/start`)).status).toBeLessThan(300);
    const jobId = trainingJobId(id);
    const holder = await until(async () => {
      const j = await queueA.get(jobId);
      return j && j.progress >= 0.3 ? j.attempts[0]?.worker : undefined;
    }, 'training under way');
    await kill(holder as string);
    const done = await until(
      async () => {
        const t = await task(a, id);
        return t.state === 'succeeded' || t.state === 'failed' ? t : undefined;
      },
      'training finished',
      90_000,
    );
    expect(done.state).toBe('succeeded');
    const job = await queueA.get(jobId);
    expect(job?.attempts.map((x) => [x.attempt, x.resumed])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(job?.attempts[1]?.worker).not.toBe(holder);
    const result = job?.result as { resumedFromStep: number; steps: number };
    expect(result.resumedFromStep).toBeGreaterThanOrEqual(12);
    expect(result.resumedFromStep + result.steps).toBe(40);
    const logs = (await (await a.call('GET', `/api/v1/tasks/${id}/logs`)).json()) as {
      items?: { message: string }[];
    };
    expect(JSON.stringify(logs)).toMatch(/attempt 2 on worker-\d \(cpu:test\) from step \d+/);
    await startWorker(holder as string);
  });

  it('scores 20,000 poses into exactly 20,000 rows while a worker is killed', async () => {
    const run = await startBatchScoring(queueA, dataDir, {
      protein: { text: pocketPdb() },
      ligands: { text: poses(20_000, [4321]) },
      chunkSize: 500,
      batchId: 'e2e-batch',
    });
    await until(async () => run.progress().fraction > 0.2 || undefined, 'batch under way');
    const busy = await until(async () => {
      for (let c = 0; c < 40; c++) {
        const j = await queueA.get(`e2e-batch-c${c}`);
        if (j?.state === 'active') return j.attempts.at(-1)?.worker;
      }
      return undefined;
    }, 'an active chunk');
    await kill(busy as string);
    const summary = await run.done;
    expect(summary).toMatchObject({ state: 'completed', total: 20_000, rows: 20_000, errors: 1, chunks: 40 });
    const lines = readFileSync(summary.outPath, 'utf8').trim().split('\n').slice(1);
    expect(lines).toHaveLength(20_000);
    const indices = lines.map((l) => Number(l.slice(0, l.indexOf(','))));
    expect(new Set(indices).size).toBe(20_000);
    expect(indices[19_999]).toBe(19_999);
    let retried = 0;
    for (let c = 0; c < 40; c++)
      if (((await queueB.get(`e2e-batch-c${c}`))?.attempts.length ?? 0) > 1) retried++;
    expect(retried).toBeGreaterThanOrEqual(1);
  });
});
