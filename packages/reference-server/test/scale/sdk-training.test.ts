/** The `train` handler on a TrainingJob (a fake with the SDK's public type), run in job threads. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InProcessJobQueue } from '../../src/jobs/in-process-queue.js';
import type { JobEvent } from '../../src/jobs/job.js';
import { FAKE_RUN_RECORDS } from './fake-trainer.js';

const data = (taskId: string, stepMs = 20) => ({
  taskId,
  trainingConfig: { epochs: 3, stepsPerEpoch: 10, stepMs },
  dataset: 'datasets/toy',
});

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const end = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('train handler on a TrainingJob', () => {
  let dir: string;
  let queue: InProcessJobQueue;
  let events: JobEvent[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'compass-train-'));
    queue = new InProcessJobQueue({
      dataDir: dir,
      threads: 2,
      handlersModule: resolve(__dirname, 'training-handlers.ts'),
    });
    events = [];
    queue.on('event', (e) => events.push(e));
  });
  afterEach(async () => {
    await queue.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('trains to a registered model, reporting logs, epoch metrics and progress', async () => {
    const id = await queue.submit({ kind: 'train', data: data('t1', 5) });
    const info = await queue.wait(id, 20_000);
    expect(info.state).toBe('completed');
    expect(info.result).toEqual({
      modelId: 'model-of-model',
      modelDir: join(dir, 'training', 't1', 'model'),
      epochsRun: 3,
      resumed: false,
    });
    const last = new Map<number, Readonly<Record<string, number>>>();
    for (const e of events) if (e.type === 'metrics') last.set(e.step, e.values);
    // The keys the in-process runner stores too (one adapter).
    expect([...last.entries()]).toEqual(FAKE_RUN_RECORDS);
    // Each epoch's record follows the progress of that finished epoch (epochs count from 0), which the queue
    // runner stores with it.
    const progressBefore = (i: number) => events.slice(0, i).findLast((e) => e.type === 'progress');
    for (const [i, e] of events.entries())
      if (e.type === 'metrics') expect(progressBefore(i)).toMatchObject({ progress: (e.step + 1) / 3 });
    expect(events.some((e) => e.type === 'log' && e.message === 'training from step 0')).toBe(true);
  });

  it('reports paused only once the trainer has parked, and resumes it', async () => {
    const id = await queue.submit({ kind: 'train', data: data('t2') });
    await until(async () => ((await queue.get(id))?.progress ?? 0) > 0.1, 'progress');
    await queue.pause(id);
    await until(() => events.some((e) => e.type === 'state' && e.state === 'paused'), 'paused');
    const step = JSON.parse(readFileSync(join(dir, 'training', 't2', 'state.json'), 'utf8')) as {
      step: number;
    };
    await new Promise((r) => setTimeout(r, 200));
    expect(JSON.parse(readFileSync(join(dir, 'training', 't2', 'state.json'), 'utf8'))).toEqual(step);
    await queue.resume(id);
    expect((await queue.wait(id, 20_000)).state).toBe('completed');
  });

  it('stops the trainer, and resumes from its checkpoint after the holder dies', async () => {
    const stopped = await queue.submit({ kind: 'train', data: data('t3') });
    await until(async () => ((await queue.get(stopped))?.progress ?? 0) > 0.1, 'progress');
    await queue.stop(stopped);
    expect((await queue.wait(stopped, 20_000)).state).toBe('stopped');

    const id = await queue.submit({ kind: 'train', data: data('t4') });
    await until(async () => ((await queue.get(id))?.progress ?? 0) > 0.3, 'progress');
    await queue.crashHolderOf(id);
    const info = await queue.wait(id, 20_000);
    expect(info.state).toBe('completed');
    expect(info.attempts.map((a) => a.resumed)).toEqual([false, true]);
    const runs = readFileSync(join(dir, 'training', 't4', 'runs.log'), 'utf8')
      .trim()
      .split('\n');
    expect(runs[0]).toBe('start 0');
    expect(Number(runs[1]?.split(' ')[1])).toBeGreaterThanOrEqual(9);
  });

  it('fails a job whose trainingConfig is not an object, before any run starts', async () => {
    const id = await queue.submit({ kind: 'train', data: { ...data('t5'), trainingConfig: [1, 2] } });
    const info = await queue.wait(id, 20_000);
    expect(info.state).toBe('failed');
    expect(info.error).toContain('trainingConfig must be an object');
    expect(existsSync(join(dir, 'training', 't5'))).toBe(false);
  });
});

describe('registerModelPackage', () => {
  it('stores a trained package under its card id once, with its path relative to the data dir', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { SqliteStorage } = await import('../../src/storage/sqlite/sqlite-storage.js');
    const { registerModelPackage } = await import('../../src/jobs/register-model.js');
    const dir = mkdtempSync(join(tmpdir(), 'compass-reg-'));
    const modelDir = join(dir, 'training', 't9', 'model');
    mkdirSync(modelDir, { recursive: true });
    writeFileSync(join(modelDir, 'model.json'), JSON.stringify({ id: 'card-123', name: 'smoke' }));
    const storage = SqliteStorage.open(':memory:');
    expect(await registerModelPackage(storage, dir, modelDir)).toBe('card-123');
    expect(await registerModelPackage(storage, dir, modelDir)).toBe('card-123');
    expect(await storage.getModel('card-123')).toMatchObject({
      name: 'smoke',
      packagePath: join('training', 't9', 'model'),
      isDefault: true,
      card: { id: 'card-123', name: 'smoke' },
    });
    await expect(registerModelPackage(storage, dir, join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
