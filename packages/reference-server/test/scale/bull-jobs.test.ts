/** The job contract on BullMQ with a real Redis server and two real BullMQ workers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
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
          lockDurationMs: 1000,
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
