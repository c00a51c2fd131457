/** Restart persistence (tasks, datasets, keys), recovery of interrupted tasks, and draining. */
import { once } from 'node:events';
import { type IncomingMessage, type Server, request } from 'node:http';
import { type AddressInfo } from 'node:net';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.js';
import { type Dataset, type Task } from '../src/storage/records.js';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { TaskService } from '../src/tasks/task-service.js';
import { UnavailableTaskRunner } from '../src/tasks/runner.js';
import { checkArchiveSignature } from '../src/datasets/validator.js';
import { removeDir, startTestServer, tempDir } from './harness.js';
import { ManualRunner } from './test-runner.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);

describe('restart', () => {
  it('keeps tasks, datasets and keys; interrupted tasks become failed or paused, never running', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const runner1 = new ManualRunner();
    const a = await startTestServer({ dataDir, runner: runner1, validateDataset: checkArchiveSignature });
    const create = async (name: string) =>
      ((await (await a.call('POST', '/api/v1/tasks', { body: { name } })).json()) as Task).id;
    const crashed = await create('crashed');
    const resumable = await create('resumable');
    const waiting = await create('waiting');
    await a.call('POST', `/api/v1/tasks/${crashed}/start`);
    await a.call('POST', `/api/v1/tasks/${resumable}/start`);
    const form = new FormData();
    form.set('name', 'kept');
    form.set('file', new Blob([ZIP]), 'kept.zip');
    const ds = (await (
      await fetch(`${a.url}/api/v1/datasets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${a.admin}` },
        body: form,
      })
    ).json()) as Dataset;
    const key = (
      (await (await a.call('POST', '/api/v1/keys', { body: { name: 'r', role: 'read' } })).json()) as {
        token: string;
      }
    ).token;
    await a.close();

    const runner2 = new ManualRunner();
    runner2.checkpoints.add(resumable);
    const b = await startTestServer({
      dataDir,
      runner: runner2,
      adminToken: a.admin,
      validateDataset: checkArchiveSignature,
    });
    try {
      expect(b.firstAdminToken).toBeNull();
      const get = async (id: string) =>
        (await (await b.call('GET', `/api/v1/tasks/${id}`, { token: key })).json()) as Task;
      expect(await get(crashed)).toMatchObject({
        state: 'failed',
        error: 'server restarted while the task was running',
      });
      expect(await get(resumable)).toMatchObject({ state: 'paused', finishedAt: null });
      expect(await get(waiting)).toMatchObject({ state: 'pending', error: null });
      const running = (await (
        await b.call('GET', '/api/v1/tasks?state=running,cancelling', { token: key })
      ).json()) as {
        items: Task[];
      };
      expect(running.items).toEqual([]);
      expect(await (await b.call('GET', `/api/v1/datasets/${ds.id}`)).json()).toMatchObject({
        name: 'kept',
        status: 'ready',
        file: { originalName: 'kept.zip', size: ZIP.length },
      });
      expect(existsSync(join(dataDir, ds.file?.path as string))).toBe(true);
      expect((await b.call('GET', '/api/v1/keys')).status).toBe(200);
      expect(((await (await b.call('POST', `/api/v1/tasks/${resumable}/resume`)).json()) as Task).state).toBe(
        'running',
      );
    } finally {
      await b.close();
    }
  });
});

describe('draining', () => {
  it('fails readiness and refuses new mutating work while draining', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const storage = SqliteStorage.open(':memory:');
    const app = createApp({
      storage,
      tasks: new TaskService(storage, new UnavailableTaskRunner()),
      dataDir,
      open: true,
      logger: pino({ level: 'silent' }),
      readiness: () => true,
      isDraining: () => true,
    });
    const server: Server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ready = await fetch(`${url}/v2/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ ready: false, draining: true, modelLoaded: false });
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'draining' });
      const post = await fetch(`${url}/api/v1/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"late"}',
      });
      expect(post.status).toBe(503);
      expect(((await post.json()) as { error: { code: string } }).error.code).toBe('SERVER_DRAINING');
      expect((await fetch(`${url}/api/v1/tasks`)).status).toBe(200);
    } finally {
      server.close();
      await once(server, 'close');
      await storage.close();
    }
  });

  it('lets an in-flight upload finish, then refuses connections and closes storage', async () => {
    const s = await startTestServer();
    dirs.push(s.dataDir);
    const boundary = 'drain-boundary';
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="late.zip"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n';
    const req = request(`${s.url}/api/v1/datasets`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${s.admin}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
    });
    const response = new Promise<IncomingMessage>((resolve) => req.once('response', resolve));
    req.write(head);
    req.write(Buffer.from(ZIP));
    // The upload is in flight once its file exists on disk.
    while (
      !existsSync(join(s.dataDir, 'datasets')) ||
      readdirSync(join(s.dataDir, 'datasets')).length === 0
    ) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const closing = s.close();
    expect(s.isDraining()).toBe(true);
    req.end(`\r\n--${boundary}--\r\n`);
    const res = await response;
    res.resume();
    expect(res.statusCode).toBe(202);
    await closing;
    await expect(fetch(`${s.url}/health`)).rejects.toThrow();
    await expect(s.storage.getTask('x')).rejects.toThrow();
  });
});
