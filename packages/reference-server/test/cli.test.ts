/** The compass-server binary: `keys create` prints a working token once; serve prints the first admin key and stops on SIGTERM. */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/keys/tokens.js';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { removeDir, tempDir } from './harness.js';

const ROOT = resolve(__dirname, '../../..');
const CLI = resolve(__dirname, '../src/cli.ts');
const ARGS = ['--conditions=source', '--import', 'tsx', CLI];
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('compass-server CLI', () => {
  it('keys create prints a token whose hash is stored', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const r = spawnSync(
      process.execPath,
      [...ARGS, 'keys', 'create', '--role', 'train', '--name', 'ci', '--data-dir', dir],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const token = r.stdout.trim().split('\n').pop() as string;
    expect(token).toMatch(/^cmp_[\w-]{43}$/);
    const storage = SqliteStorage.open(join(dir, 'compass.db'));
    expect(await storage.findKeyByHash(hashToken(token))).toMatchObject({ name: 'ci', role: 'train' });
    await storage.close();
    const bad = spawnSync(
      process.execPath,
      [...ARGS, 'keys', 'create', '--role', 'root', '--name', 'x', '--data-dir', dir],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("argument 'root' is invalid");
  });

  it('serve refuses an unknown --model before creating the first admin key', () => {
    const dir = tempDir();
    dirs.push(dir);
    const r = spawnSync(process.execPath, [...ARGS, '--port', '0', '--data-dir', dir, '--model', 'nope'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('model nope not found');
    expect(existsSync(join(dir, 'admin.key'))).toBe(false);
  });

  it('serve prints the first admin key once, answers, and drains on SIGTERM', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const child = spawn(process.execPath, [...ARGS, '--port', '0', '--data-dir', dir], { cwd: ROOT });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    while (!/listening on (http:\S+)/.test(out)) {
      if (child.exitCode !== null) throw new Error(`exited early: ${out}`);
      await once(child.stdout, 'data');
    }
    const url = /listening on (http:\S+)/.exec(out)?.[1] as string;
    const token = /Admin API key[^\n]*\n\s+(cmp_\S+)/.exec(out)?.[1] as string;
    expect(readFileSync(join(dir, 'admin.key'), 'utf8')).toBe(`${token}\n`);
    const res = await fetch(`${url}/api/v1/keys`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(out).toContain('stopped');
  });
});
