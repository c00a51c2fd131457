/** The job contract on BullMQ with a real Redis server and two real BullMQ workers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullJobQueue } from '../../src/jobs/bull/bull-job-queue.js';
import { QueueWorker } from '../../src/worker/queue-worker.js';
import { jobHandlers } from './contract-handlers.js';
import { describeJobContract } from './job-contract.js';
import { servicesUnavailable, startRedis, type Service } from './services.js';

const skip = servicesUnavailable() !== undefined;
let redis: Service | undefined;
let n = 0;

describe.skipIf(skip)('BullJobQueue', () => {
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  describeJobContract('bullmq on redis', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compass-bull-'));
    const queueName = `contract-${n++}`;
    const queue = await BullJobQueue.open(redis!.url, { queueName });
    const workers = ['a', 'b'].map(
      (w) =>
        new QueueWorker({
          redisUrl: redis!.url,
          queueName,
          dataDir: dir,
          handlers: jobHandlers,
          identity: { id: `worker-${w}`, provider: 'cpu', device: 'cpu:test' },
          // Short enough that a crashed worker's job comes back within seconds, long enough that a busy CI
          // machine never lets a live worker's lock lapse.
          lockDurationMs: 2000,
          stalledIntervalMs: 500,
        }),
    );
    await Promise.all(workers.map((w) => w.start()));
    return {
      queue,
      crash: async (id) => {
        const holder = (await queue.get(id))?.attempts.at(-1)?.worker;
        await workers.find((w) => w.identity.id === holder)?.crash();
      },
      close: async () => {
        await Promise.all(workers.map((w) => w.close().catch(() => undefined)));
        await queue.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describe.skipIf(skip)('QueueWorker fencing', () => {
  let r: Service | undefined;
  beforeAll(async () => {
    r = await startRedis();
  });
  afterAll(async () => {
    await r?.stop();
  });

  it('an attempt that lost its fencing token writes nothing more and gives the job up to a new attempt', async () => {
    const { Redis } = await import('ioredis');
    const { redisNames } = await import('../../src/jobs/bull/redis-keys.js');
    const dir = mkdtempSync(join(tmpdir(), 'compass-fence-'));
    const queueName = 'fence';
    const queue = await BullJobQueue.open(r!.url, { queueName });
    const worker = new QueueWorker({
      redisUrl: r!.url,
      queueName,
      dataDir: dir,
      handlers: jobHandlers,
      lockDurationMs: 2000,
    });
    await worker.start();
    const redis = new Redis(r!.url);
    const names = redisNames(queueName);
    const id = await queue.submit({
      kind: 'steps',
      id: 'fenced',
      data: { steps: 30, stepMs: 20 },
      attempts: 2,
    });
    const end = Date.now() + 20_000;
    while (((await queue.get(id))?.progress ?? 0) < 0.2 && Date.now() < end)
      await new Promise((res) => setTimeout(res, 20));
    // As if another worker had taken the job over: the running attempt's next checkpoint write is refused.
    await redis.set(names.owner(id), 'someone-else#9');
    const info = await queue.wait(id, 20_000);
    expect(info.state).toBe('completed');
    expect(info.attempts.map((a) => [a.attempt, a.resumed])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect((info.result as { attempt: number }).attempt).toBe(2);
    redis.disconnect();
    await worker.close();
    await queue.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
