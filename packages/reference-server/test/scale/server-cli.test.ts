/** `compass-server --store postgres://... --queue redis://...`: configuration alone switches the engines. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/keys/tokens.js';
import { PostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import { servicesUnavailable, startPostgres, startRedis, type Service } from './services.js';

const ROOT = resolve(__dirname, '../../../..');
const ARGS = ['--conditions=source', '--import', 'tsx', resolve(__dirname, '../../src/cli.ts')];
const skip = servicesUnavailable() !== undefined;

describe.skipIf(skip)('compass-server with --store and --queue', () => {
  let pg: Service;
  let redis: Service;
  let dir: string;
  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    dir = mkdtempSync(join(tmpdir(), 'compass-scli-'));
  });
  afterAll(async () => {
    await redis?.stop();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates keys in PostgreSQL and serves from it with the Redis queue, then drains on SIGTERM', async () => {
    const made = spawnSync(
      process.execPath,
      [...ARGS, 'keys', 'create', '--role', 'admin', '--name', 'ops', '--data-dir', dir, '--store', pg.url],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(made.status).toBe(0);
    const token = made.stdout.trim().split('\n').pop() as string;
    const store = await PostgresStorage.open(pg.url);
    expect(await store.findKeyByHash(hashToken(token))).toMatchObject({ name: 'ops', role: 'admin' });
    await store.close();

    const child = spawn(
      process.execPath,
      [...ARGS, 'serve', '--port', '0', '--data-dir', dir, '--store', pg.url, '--queue', redis.url],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const end = Date.now() + 60_000;
    while (!/listening on (http:\/\/\S+)/.test(out) && Date.now() < end)
      await new Promise((r) => setTimeout(r, 100));
    const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
    expect(url, out).toBeDefined();
    // A key stored in PostgreSQL before the server started means no first-start key was made.
    expect(out).not.toMatch(/Admin API key/);
    const r = await fetch(`${url}/api/v1/tasks`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    child.kill('SIGTERM');
    const code = await new Promise((res) => child.once('exit', res));
    expect(out).toMatch(/stopped/);
    expect(code).toBe(0);
  });

  it('refuses a queue URL that is not Redis', () => {
    const r = spawnSync(
      process.execPath,
      [...ARGS, 'serve', '--port', '0', '--data-dir', dir, '--queue', 'amqp://x'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--queue expects a redis:\/\/ URL/);
  });
});
