/** The compass-registry CLI: argument and environment parsing, and a real run that starts and stops on SIGTERM. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planFromArgs, startupLine } from '../../src/cli/options.js';

const pkgRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('planFromArgs', () => {
  it('reads port, host, store and tokens from flags and the environment', () => {
    const plan = planFromArgs(
      [
        '--port',
        '9000',
        '--host',
        '0.0.0.0',
        '--store',
        'sqlite:/tmp/r.db',
        '-t',
        'flag-token',
        '--read-token',
        'r1',
      ],
      { COMPASS_REGISTRY_TOKENS: 'env-a, env-b,', COMPASS_REGISTRY_READ_TOKENS: 'r2' },
    );
    expect(plan.generatedToken).toBeUndefined();
    expect(plan.server).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      store: 'sqlite:/tmp/r.db',
      auth: {
        writeTokens: ['flag-token', 'env-a', 'env-b'],
        readTokens: ['r1', 'r2'],
        allowAnonymousWrites: false,
      },
    });
    const line = startupLine('http://0.0.0.0:9000', plan);
    expect(line).toBe(
      'compass-registry listening on http://0.0.0.0:9000 (store sqlite:/tmp/r.db; writes need one of 3 token(s); reads need a token)',
    );
    expect(line).not.toContain('flag-token');
  });

  it('defaults to port 8500, the memory store and a generated write token', () => {
    const plan = planFromArgs([], {});
    expect(plan.server).toMatchObject({ port: 8500, host: '127.0.0.1', store: 'memory' });
    expect(plan.generatedToken).toMatch(/^[\w-]{32}$/);
    expect(plan.server.auth.writeTokens).toEqual([plan.generatedToken]);
    expect(planFromArgs(['--allow-anonymous-writes'], {}).server.auth.writeTokens).toEqual([]);
  });

  it('rejects bad ports and store specs', () => {
    const errors: string[] = [];
    const writeErr = (s: string) => errors.push(s);
    expect(() => planFromArgs(['--port', '70000'], {}, writeErr)).toThrow(/0-65535/);
    expect(() => planFromArgs(['--port', 'abc'], {}, writeErr)).toThrow(/0-65535/);
    expect(() => planFromArgs(['--store', 'redis:x'], {}, writeErr)).toThrow(
      /memory, sqlite:PATH or etcd:URL/,
    );
    expect(errors).toHaveLength(3);
  });
});

describe('compass-registry process', () => {
  it('prints where it listens, serves requests and exits 0 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=source',
        join(pkgRoot, 'src', 'cli.ts'),
        '--port',
        '0',
        '--token',
        'cli-token',
      ],
      { cwd: pkgRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no startup line: ${out}`)), 20_000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`exited with ${code} before listening: ${out}`));
        });
        child.stdout.on('data', () => {
          const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      expect(out).toContain('(store memory; writes need one of 1 token(s); reads open)');
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      const refused = await fetch(`${url}/v1/instances/x`, { method: 'DELETE' });
      expect(refused.status).toBe(401);
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
      expect(out).toContain('SIGTERM, shutting down');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
