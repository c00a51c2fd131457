/** The compass-worker program in-process: declares itself, loads a handlers module, runs jobs, stops on a signal. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullJobQueue } from '../../src/jobs/bull/bull-job-queue.js';
import { buildWorkerProgram } from '../../src/worker/program.js';
import { servicesUnavailable, startRedis, type Service } from './services.js';

const skip = servicesUnavailable() !== undefined;

describe.skipIf(skip)('compass-worker program', () => {
  let redis: Service;
  let dir: string;
  beforeAll(async () => {
    redis = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'compass-wprog-'));
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs jobs with a handlers module and exits cleanly on SIGTERM', async () => {
    let out = '';
    const signals = new Map<string, () => void>();
    const program = buildWorkerProgram({
      out: (t) => void (out += t),
      onSignal: (s, h) => void signals.set(s, h),
    });
    const running = program.parseAsync(
      [
        ...['--queue', redis.url, '--queue-name', 'wprog', '--data-dir', dir, '--id', 'w-prog'],
        ...['--provider', 'cuda', '--device', 'cuda:0', '--concurrency', '2'],
        ...['--handlers', resolve(__dirname, 'contract-handlers.ts')],
      ],
      { from: 'user' },
    );
    const end = Date.now() + 20_000;
    while (!out.includes('"ready"') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(JSON.parse(out.trim().split('\n')[0] as string)).toMatchObject({
      event: 'ready',
      worker: 'w-prog',
      provider: 'cuda',
      device: 'cuda:0',
      queue: 'wprog',
      store: null,
    });
    const queue = await BullJobQueue.open(redis.url, { queueName: 'wprog' });
    const id = await queue.submit({ kind: 'echo', data: { hello: 'world' } });
    const info = await queue.wait(id, 20_000);
    expect(info).toMatchObject({
      state: 'completed',
      result: { echoed: { hello: 'world' }, worker: 'w-prog' },
    });
    expect(info.attempts[0]).toMatchObject({ worker: 'w-prog', provider: 'cuda', device: 'cuda:0' });
    await queue.close();
    expect(out).toMatch(/"event":"finished","jobId":"[^"]+","state":"completed"/);
    signals.get('SIGTERM')?.();
    await running;
  });

  it('refuses a bad concurrency', async () => {
    const program = buildWorkerProgram({ out: () => undefined, onSignal: () => undefined });
    program.exitOverride().configureOutput({ writeErr: () => undefined });
    await expect(
      program.parseAsync(['--queue', redis.url, '--data-dir', dir, '--concurrency', '0'], { from: 'user' }),
    ).rejects.toThrow(/expected a positive integer/);
  });
});
