/** `compass-server --v0-api`: both APIs from one process, v0 self-registration under compass-service, flag checks. */
import { afterAll, describe, expect, it } from 'vitest';
import { startRegistryServer } from '@compass/registry-sdk';
import { buildProgram } from '../../src/cli/program.js';
import { removeDir, tempDir } from '../harness.js';
import { until, v0call } from './v0-harness.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** Runs `serve` in this process; resolves with what it printed and its SIGTERM handler. */
async function serve(args: string[]) {
  const dir = tempDir();
  dirs.push(dir);
  let out = '';
  let stop: (() => void) | undefined;
  await buildProgram({
    out: (text) => void (out += text),
    onSignal: (signal, handler) => {
      if (signal === 'SIGTERM') stop = handler;
    },
  }).parseAsync([
    'node',
    'compass-server',
    'serve',
    '--port',
    '0',
    '--data-dir',
    dir,
    '--model',
    'vina',
    ...args,
  ]);
  return { out: () => out, stop: () => stop?.() };
}

describe('compass-server --v0-api', () => {
  it('serves our API and the v0 API on its own port, registered through v0 as compass-service', async () => {
    const registry = await startRegistryServer({ port: 0, auth: { writeTokens: ['t'] }, v0: {} });
    const run = await serve([
      '--v0-api',
      '--v0-port',
      '0',
      '--registry',
      registry.url,
      '--registry-api',
      'v0',
    ]);
    try {
      const main = /compass-server listening on (http:\/\/[\d.]+:\d+)/.exec(run.out())?.[1];
      const v0 = /v0 \(FLASH-DOCK\) API listening on (http:\/\/[\d.]+:\d+)/.exec(run.out())?.[1];
      expect(main).toBeDefined();
      expect(v0).toBeDefined();
      expect(v0).not.toBe(main);
      expect((await fetch(`${main}/api/v1/models`)).status).toBe(401);
      expect((await v0call(v0!, 'GET', '/api/v1/models')).status).toBe(200);
      const found = await until(
        () =>
          v0call<{ services: Array<{ port: number }> }>(
            registry.url,
            'GET',
            '/api/v1/services?service_name=compass-service&status_filter=healthy',
          ),
        (a) => a.body.services.length > 0,
      );
      expect(found.body.services.map((x) => `http://127.0.0.1:${x.port}`)).toEqual([v0]);
    } finally {
      run.stop();
      await until(
        async () => (await v0call<{ count: number }>(registry.url, 'GET', '/api/v1/services')).body.count,
        (n) => n === 0,
      );
      await registry.close();
    }
  });

  it('refuses --registry-api v0 without --v0-api', async () => {
    await expect(serve(['--registry', 'http://127.0.0.1:1', '--registry-api', 'v0'])).rejects.toThrow(
      '--registry-api v0 needs --v0-api',
    );
  });
});
