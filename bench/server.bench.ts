/**
 * Reference-server overhead: authenticated API calls (key lookup, rate limit, zod, SQLite) and a streamed
 * dataset upload, each against a baseline measured in the same run (a bare GET /health; a plain file write).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startServer } from '@compass/reference-server';

async function time(label: string, n: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(50, n); i++) await fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const perCallUs = ((performance.now() - start) / n) * 1000;
  console.log(`${label.padEnd(48)} ${perCallUs.toFixed(0).padStart(7)} µs/call  (${n} calls)`);
  return perCallUs;
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'compass-server-bench-'));
  const lots = { windowMs: 60_000, limit: 1_000_000 };
  const server = await startServer({
    dataDir,
    port: 0,
    logger: pino({ level: 'silent' }),
    rateLimits: { read: lots, write: lots, upload: lots },
  });
  const auth = { authorization: `Bearer ${server.firstAdminToken}` };
  try {
    for (let i = 0; i < 100; i++)
      await server.tasks.create({ name: `t${i}`, mode: 'smoke_test', config: {} });
    const n = 1_000;
    const baseline = await time('baseline: GET /health (public)', n, async () =>
      (await fetch(`${server.url}/health`)).json(),
    );
    const list = await time('GET /api/v1/tasks?limit=20 (of 100+)', n, async () =>
      (await fetch(`${server.url}/api/v1/tasks?limit=20`, { headers: auth })).json(),
    );
    const create = await time('POST /api/v1/tasks (zod, presets, insert)', n, async () =>
      (
        await fetch(`${server.url}/api/v1/tasks`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: '{"name":"bench","mode":"prototyping","config":{"epochs":3}}',
        })
      ).json(),
    );
    console.log(
      `list / baseline: ${(list / baseline).toFixed(2)}x; create / baseline: ${(create / baseline).toFixed(2)}x`,
    );

    const size = 32 * 1024 * 1024;
    const archive = Buffer.alloc(size, 1);
    archive.write('PK\u0003\u0004', 0, 'latin1');
    const rounds = 5;
    const plain = await time('baseline: writeFileSync 32 MiB', rounds, async () =>
      writeFileSync(join(dataDir, 'plain.bin'), archive),
    );
    const upload = await time('POST /api/v1/datasets 32 MiB (stream+sha256)', rounds, async () => {
      const form = new FormData();
      form.set('file', new Blob([archive]), 'bench.zip');
      return (
        await fetch(`${server.url}/api/v1/datasets`, { method: 'POST', headers: auth, body: form })
      ).json();
    });
    console.log(
      `upload: ${(size / (upload / 1e6) / 2 ** 20).toFixed(0)} MiB/s; upload / plain write: ${(upload / plain).toFixed(2)}x`,
    );
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
