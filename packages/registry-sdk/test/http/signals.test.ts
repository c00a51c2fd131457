/** A registration made with deregisterOnSignals leaves the registry when its process gets SIGTERM, then exits. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRegistryServer } from '../../src/http/server.js';
import { startTestServer, WRITE_TOKEN } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
let server: RunningRegistryServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('deregisterOnSignals', () => {
  it('deregisters on SIGTERM and lets the process die of the signal', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'fixtures', 'signal-child.ts'), server.url, WRITE_TOKEN],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`child never registered: ${out}`)), 20_000);
        child.stdout.on('data', () => {
          if (out.includes('registered')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      expect((await server.registry.get('signal-child'))?.id).toBe('signal-child');
      child.kill('SIGTERM');
      const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
      expect(out).toContain('deregistered');
      expect(code).toBeNull();
      expect(signal).toBe('SIGTERM');
      expect(await server.registry.get('signal-child')).toBeUndefined();
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
