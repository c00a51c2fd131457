/** The contract every JobQueue engine passes (in-process threads, BullMQ on Redis with real workers). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobEvent, JobQueue } from '../../src/jobs/job.js';

/** One engine under test: a queue with workers behind it, and a way to kill whoever holds a job. */
export interface JobHarness {
  readonly queue: JobQueue;
  /** Kills the worker (thread or process) holding `jobId` without letting it finish or release the job. */
  crash(jobId: string): Promise<void>;
  close(): Promise<void>;
}

/** Collects a queue's events for one job. */
function record(queue: JobQueue): JobEvent[] {
  const events: JobEvent[] = [];
  queue.on('event', (e) => events.push(e));
  return events;
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Registers the job contract for one engine; `make` gives a fresh harness (empty queue, two workers). */
export function describeJobContract(name: string, make: () => Promise<JobHarness>): void {
  describe(`job contract: ${name}`, () => {
    let h: JobHarness;
    beforeEach(async () => {
      h = await make();
    });
    afterEach(async () => {
      await h.close();
    });

    it('runs a job to its result, reporting progress, logs, metrics and the end to listeners', async () => {
      const events = record(h.queue);
      const id = await h.queue.submit({ kind: 'steps', data: { steps: 3, stepMs: 5 } });
      const info = await h.queue.wait(id, 20_000);
      expect(info).toMatchObject({ id, kind: 'steps', state: 'completed', progress: 1 });
      expect(info.result).toEqual({ resumedFrom: 0, attempt: 1 });
      expect(info.attempts).toHaveLength(1);
      expect(info.attempts[0]).toMatchObject({ attempt: 1, resumed: false });
      await until(() => events.some((e) => e.type === 'end' && e.jobId === id), 'end event');
      const mine = events.filter((e) => e.jobId === id);
      expect(
        mine.filter((e) => e.type === 'metrics').map((e) => (e.type === 'metrics' ? e.step : -1)),
      ).toEqual([1, 2, 3]);
      expect(mine.some((e) => e.type === 'log' && e.message === 'start at 0')).toBe(true);
      expect(mine.some((e) => e.type === 'progress' && e.progress === 1)).toBe(true);
      expect(mine.find((e) => e.type === 'end')).toMatchObject({ state: 'completed' });
    });

    it('keeps a live job on a repeated submit with its id', async () => {
      const id = await h.queue.submit({ kind: 'steps', id: 'same-id', data: { steps: 4, stepMs: 30 } });
      expect(await h.queue.submit({ kind: 'steps', id: 'same-id', data: { steps: 99, stepMs: 30 } })).toBe(
        id,
      );
      const info = await h.queue.wait(id, 20_000);
      expect(info.attempts).toHaveLength(1);
      expect(info.result).toEqual({ resumedFrom: 0, attempt: 1 });
    });

    it('retries a failing job up to its attempts, then fails with the reason', async () => {
      const id = await h.queue.submit({ kind: 'boom', data: {}, attempts: 2 });
      const info = await h.queue.wait(id, 20_000);
      expect(info.state).toBe('failed');
      expect(info.error).toMatch(/boom on purpose/);
      expect(info.attempts.map((a) => a.attempt)).toEqual([1, 2]);
    });

    it('fails a job whose kind no worker handles', async () => {
      const id = await h.queue.submit({ kind: 'no-such-kind', data: {}, attempts: 1 });
      const info = await h.queue.wait(id, 20_000);
      expect(info.state).toBe('failed');
      expect(info.error).toMatch(/no handler for job kind no-such-kind/);
    });

    it('stops a running job at its next safe point, idempotently, without a retry', async () => {
      const id = await h.queue.submit({ kind: 'steps', data: { steps: 400, stepMs: 20 } });
      await until(async () => ((await h.queue.get(id))?.progress ?? 0) > 0, 'progress');
      await h.queue.stop(id);
      await h.queue.stop(id);
      const info = await h.queue.wait(id, 20_000);
      expect(info.state).toBe('stopped');
      expect(info.progress).toBeLessThan(1);
      expect(info.attempts).toHaveLength(1);
      await h.queue.stop(id);
      expect((await h.queue.get(id))?.state).toBe('stopped');
    });

    it('pauses and resumes a running job', async () => {
      const events = record(h.queue);
      const id = await h.queue.submit({ kind: 'steps', data: { steps: 30, stepMs: 20 } });
      await until(async () => ((await h.queue.get(id))?.progress ?? 0) > 0, 'progress');
      await h.queue.pause(id);
      await until(
        () => events.some((e) => e.type === 'state' && e.jobId === id && e.state === 'paused'),
        'paused',
      );
      const held = (await h.queue.get(id))?.progress ?? 0;
      await new Promise((r) => setTimeout(r, 300));
      expect((await h.queue.get(id))?.progress).toBe(held);
      expect(held).toBeLessThan(1);
      await h.queue.resume(id);
      const info = await h.queue.wait(id, 20_000);
      expect(info.state).toBe('completed');
      expect(info.attempts).toHaveLength(1);
    });

    it('retries a job whose worker dies on another worker from its last checkpoint, recording the attempt', async () => {
      const id = await h.queue.submit({ kind: 'steps', data: { steps: 40, stepMs: 25 }, attempts: 3 });
      await until(async () => ((await h.queue.get(id))?.progress ?? 0) >= 0.2, 'progress before the crash');
      const first = (await h.queue.get(id))?.attempts[0]?.worker;
      await h.crash(id);
      const info = await h.queue.wait(id, 30_000);
      expect(info.state).toBe('completed');
      expect(info.attempts).toHaveLength(2);
      expect(info.attempts[1]).toMatchObject({ attempt: 2, resumed: true });
      expect(info.attempts[1]?.worker).not.toBe(first);
      const result = info.result as { resumedFrom: number; attempt: number };
      expect(result.attempt).toBe(2);
      expect(result.resumedFrom).toBeGreaterThanOrEqual(8);
    });

    it('reports unknown jobs', async () => {
      expect(await h.queue.get('nope')).toBeUndefined();
      await expect(h.queue.stop('nope')).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
      expect(await h.queue.hasCheckpoint('nope')).toBe(false);
    });
  });
}
