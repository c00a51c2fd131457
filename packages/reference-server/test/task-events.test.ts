/** Task events over SSE: many subscribers, live log/metrics/progress/state, replay from a cursor, end, rate limits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Task } from '../src/storage/records.js';
import { removeDir, startTestServer, type TestServer } from './harness.js';
import { readEvents, type SseEvent } from './sse.js';
import { ManualRunner } from './test-runner.js';

let s: TestServer;
const runner = new ManualRunner();
beforeAll(async () => {
  s = await startTestServer({ runner, rateLimits: { read: { windowMs: 60_000, limit: 6 } } });
});
afterAll(async () => {
  await s.close();
  removeDir(s.dataDir);
});

const open = (id: string, headers: Record<string, string> = {}, query = '') =>
  s.call('GET', `/api/v1/tasks/${id}/events${query}`, { headers });
const kinds = (events: SseEvent[]) => events.map((e) => e.event);

describe('task events', () => {
  it('streams to two subscribers, ends, and replays only what a reconnecting client missed', async () => {
    const task = (await (await s.call('POST', '/api/v1/tasks', { body: { name: 'sse' } })).json()) as Task;
    await s.call('POST', `/api/v1/tasks/${task.id}/start`);
    const [a, b] = await Promise.all([open(task.id), open(task.id)]);
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toContain('text/event-stream');
    const untilEnd = (e: SseEvent) => e.event === 'end';
    const readA = readEvents(a, untilEnd);
    const readB = readEvents(b, untilEnd);
    const run = runner.run(task.id);
    await run.report.log('info', 'epoch 1 begins');
    await run.report.epoch(1, { loss: 0.5 }, 0.5);
    await run.report.log('info', 'epoch 2 begins');
    await run.report.epoch(2, { loss: 0.25 }, 1);
    await run.report.succeeded(null);
    const [ea, eb] = await Promise.all([readA, readB]);
    for (const events of [ea, eb]) {
      expect(kinds(events)[0]).toBe('state');
      expect(
        events.filter((e) => e.event === 'log').map((e) => (e.data as { message: string }).message),
      ).toEqual(['epoch 1 begins', 'epoch 2 begins']);
      expect(
        events.filter((e) => e.event === 'metrics').map((e) => (e.data as { epoch: number }).epoch),
      ).toEqual([1, 2]);
      expect(events.filter((e) => e.event === 'progress').map((e) => e.data)).toContainEqual({ progress: 1 });
      expect(events.at(-1)).toMatchObject({ event: 'end', data: { state: 'succeeded', error: null } });
    }
    const firstLog = ea.find((e) => e.event === 'log')!;
    const replay = await readEvents(await open(task.id, { 'last-event-id': firstLog.id! }), untilEnd);
    expect(
      replay.filter((e) => e.event === 'log').map((e) => (e.data as { message: string }).message),
    ).toEqual(['epoch 2 begins']);
    expect(replay.at(-1)?.event).toBe('end');
    const byQuery = await readEvents(await open(task.id, {}, `?cursor=${firstLog.id!}`), untilEnd);
    expect(byQuery.filter((e) => e.event === 'log')).toHaveLength(1);
  });

  it('ends a stopped task with its state and refuses unknown tasks', async () => {
    const task = (await (await s.call('POST', '/api/v1/tasks', { body: { name: 'sse2' } })).json()) as Task;
    const res = await open(task.id);
    const reading = readEvents(res, (e) => e.event === 'end');
    await s.call('POST', `/api/v1/tasks/${task.id}/stop`);
    const events = await reading;
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { state: 'cancelled' } });
    const missing = await open('nope');
    expect(missing.status).toBe(404);
  });

  it('counts one open stream as one request however many events it carries', async () => {
    const task = (await (await s.call('POST', '/api/v1/tasks', { body: { name: 'sse3' } })).json()) as Task;
    await s.call('POST', `/api/v1/tasks/${task.id}/start`);
    // A fresh key: its own read budget of 6.
    const token = (
      (await (await s.call('POST', '/api/v1/keys', { body: { name: 'r', role: 'read' } })).json()) as {
        token: string;
      }
    ).token;
    const res = await s.call('GET', `/api/v1/tasks/${task.id}/events`, { token });
    const reading = readEvents(res, (e) => e.event === 'end');
    const run = runner.run(task.id);
    for (let i = 0; i < 20; i++) await run.report.log('info', `line ${i}`);
    await run.report.succeeded(null);
    const events = await reading;
    expect(events.filter((e) => e.event === 'log')).toHaveLength(20);
    for (let i = 0; i < 5; i++)
      expect((await s.call('GET', `/api/v1/tasks/${task.id}`, { token })).status).toBe(200);
    const limited = await s.call('GET', `/api/v1/tasks/${task.id}`, { token });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
