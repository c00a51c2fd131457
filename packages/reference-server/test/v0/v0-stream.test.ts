/** The v0 WebSocket task stream on a real listener: handshake, close codes, log streaming and replay, ping/pong. */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { resolveContext } from '../../src/http/app.js';
import { startV0Listener } from '../../src/v0/index.js';
import { removeDir } from '../harness.js';
import { NAIVE_ISO, startV0TestServer, v0call, type V0TestServer } from './v0-harness.js';

let s: V0TestServer;
beforeAll(async () => {
  s = await startV0TestServer({
    stream: { waitMs: 400, pollMs: 50, resourcesMs: 100, pingMs: 150, idleMs: 60_000 },
  });
});
afterAll(async () => {
  await s.close();
  removeDir(s.dataDir);
});

interface Message {
  type: string;
  data: unknown;
  timestamp: string | null;
}

/** A connection that records every message and how it closed. */
function connect(path: string) {
  const ws = new WebSocket(`${s.v0url.replace('http', 'ws')}${path}`);
  const messages: Message[] = [];
  const texts: string[] = [];
  ws.on('message', (raw) => {
    const text = raw.toString();
    try {
      messages.push(JSON.parse(text) as Message);
    } catch {
      texts.push(text);
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const waitFor = async (pred: () => boolean, ms = 3000) => {
    const end = Date.now() + ms;
    while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    return pred();
  };
  return { ws, messages, texts, closed, opened, waitFor };
}

const createTask = async () =>
  (await v0call<{ task_id: string }>(s.v0url, 'POST', '/api/v1/training/tasks', { config: { epochs: 2 } }))
    .body.task_id;

describe('v0 task stream', () => {
  it('closes 1008 at once for a non-UUID id, and after one error for an unknown task', async () => {
    const bad = connect('/api/v1/training/tasks/not-a-uuid/stream');
    expect((await bad.closed).code).toBe(1008);
    expect(bad.messages).toEqual([]);
    const id = '00000000-0000-4000-8000-000000000000';
    const unknown = connect(`/api/v1/training/tasks/${id}/stream`);
    expect((await unknown.closed).code).toBe(1008);
    expect(unknown.messages).toEqual([{ type: 'error', data: `Task ${id} not found`, timestamp: null }]);
  });

  it('waits for a task that is not started, then sends two errors and closes 1008', async () => {
    const id = await createTask();
    const c = connect(`/api/v1/training/tasks/${id}/stream`);
    expect((await c.closed).code).toBe(1008);
    const kinds = c.messages.filter((m) => m.type !== 'ping').map((m) => m.type);
    expect(kinds).toEqual(['connected', 'error', 'error']);
    expect(c.messages[0]).toEqual({
      type: 'connected',
      data: `Waiting for stream to be created for task ${id}...`,
      timestamp: null,
    });
  });

  it('streams a started task: ready, replayed and live log lines to several watchers, resources, then 1000', async () => {
    const id = await createTask();
    const first = connect(`/api/v1/training/tasks/${id}/stream`);
    await first.opened;
    await v0call(s.v0url, 'POST', `/api/v1/training/tasks/${id}/start`);
    const run = s.runner.run(id);
    await run.report.log('info', 'loading \u001b[33mdataset\u001b[0m');
    expect(await first.waitFor(() => first.messages.some((m) => m.type === 'log'))).toBe(true);
    const ready = first.messages.filter((m) => m.type === 'connected').map((m) => m.data);
    expect(ready).toEqual([
      `Waiting for stream to be created for task ${id}...`,
      `Connected to task ${id} stream. Stream is ready.`,
    ]);
    // A second watcher gets the earlier line replayed from the log.
    const second = connect(`/api/v1/training/tasks/${id}/stream`);
    await run.report.log('info', 'epoch 1 done');
    for (const c of [first, second]) {
      expect(await c.waitFor(() => c.messages.filter((m) => m.type === 'log').length === 2)).toBe(true);
      const logs = c.messages.filter((m) => m.type === 'log');
      expect(logs.map((m) => m.data)).toEqual(['loading \u001b[33mdataset\u001b[0m\r\n', 'epoch 1 done\r\n']);
      for (const m of logs) expect(m.timestamp).toMatch(NAIVE_ISO);
    }
    expect(await first.waitFor(() => first.messages.some((m) => m.type === 'resources'))).toBe(true);
    const resources = first.messages.find((m) => m.type === 'resources')!;
    expect(resources.timestamp).toMatch(NAIVE_ISO);
    expect(resources.data).toMatchObject({
      cpu_percent: expect.any(Number),
      memory: { total_gb: expect.any(Number), used_gb: expect.any(Number), percent: expect.any(Number) },
      gpu: { available: false, memory: { allocated_mb: 0, total_mb: 0 } },
      storage: { total_gb: expect.any(Number), free_gb: expect.any(Number) },
    });
    expect(await first.waitFor(() => first.messages.some((m) => m.type === 'ping'))).toBe(true);
    expect(first.messages.find((m) => m.type === 'ping')).toEqual({
      type: 'ping',
      data: 'ping',
      timestamp: null,
    });
    // Client pings: JSON gets a JSON pong, the text "ping" the text "pong".
    first.ws.send(JSON.stringify({ type: 'ping' }));
    first.ws.send('ping');
    first.ws.send(JSON.stringify({ type: 'command', command: 'noop' }));
    expect(
      await first.waitFor(
        () => first.messages.some((m) => m.type === 'pong') && first.texts.includes('pong'),
      ),
    ).toBe(true);
    expect(first.messages.find((m) => m.type === 'pong')).toEqual({
      type: 'pong',
      data: 'pong',
      timestamp: null,
    });
    await run.report.succeeded(null);
    expect((await first.closed).code).toBe(1000);
    expect((await second.closed).code).toBe(1000);
  });

  it('sends an error and closes 1008 when the task is deleted under it', async () => {
    const id = await createTask();
    await v0call(s.v0url, 'POST', `/api/v1/training/tasks/${id}/start`);
    const c = connect(`/api/v1/training/tasks/${id}/stream`);
    expect(await c.waitFor(() => c.messages.filter((m) => m.type === 'connected').length === 2)).toBe(true);
    await s.storage.deleteTask(id);
    s.tasks.changes.emit('change', id);
    expect((await c.closed).code).toBe(1008);
    expect(c.messages.at(-1)).toEqual({ type: 'error', data: `Task ${id} not found`, timestamp: null });
  });

  it('checks the upgrade: a listed browser origin connects, another origin gets 403 before the handshake', async () => {
    const ctx = resolveContext({
      storage: s.storage,
      tasks: s.tasks,
      dataDir: s.dataDir,
      datasets: s.datasets,
      models: s.models,
      logger: pino({ level: 'silent' }),
    });
    const listener = await startV0Listener(ctx, { port: 0, origins: ['http://flash-dock:8501'] });
    try {
      const id = await createTask();
      const url = `${listener.url.replace('http', 'ws')}/api/v1/training/tasks/${id}/stream`;
      const evil = new WebSocket(url, { origin: 'http://evil.example' });
      await expect(
        new Promise((resolve, reject) => evil.on('open', resolve).on('error', reject)),
      ).rejects.toThrow(/403/);
      const page = new WebSocket(url, { origin: 'http://flash-dock:8501' });
      const first = await new Promise<Message>((resolve, reject) =>
        page.on('message', (raw) => resolve(JSON.parse(raw.toString()) as Message)).on('error', reject),
      );
      expect(first.type).toBe('connected');
      page.terminate();
    } finally {
      await listener.close();
    }
  });

  it('refuses an upgrade on another path with 404', async () => {
    const c = connect('/api/v1/training/tasks');
    await expect(c.opened).rejects.toThrow(/404/);
  });
});

describe('v0 task stream idle timeout', () => {
  it('closes a connection that sends nothing for idleMs', async () => {
    const quiet = await startV0TestServer({ stream: { idleMs: 200, pingMs: 60_000, pollMs: 50 } });
    try {
      const id = (
        await v0call<{ task_id: string }>(quiet.v0url, 'POST', '/api/v1/training/tasks', { config: {} })
      ).body.task_id;
      await v0call(quiet.v0url, 'POST', `/api/v1/training/tasks/${id}/start`);
      const ws = new WebSocket(`${quiet.v0url.replace('http', 'ws')}/api/v1/training/tasks/${id}/stream`);
      const t0 = Date.now();
      const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
      expect(code).toBe(1000);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    } finally {
      await quiet.close();
      removeDir(quiet.dataDir);
    }
  });
});
