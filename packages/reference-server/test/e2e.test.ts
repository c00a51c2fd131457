/**
 * End to end: a registry and two servers (one in this process, one a child process), a smoke_test model trained
 * through the API, predictions through the balancer, one server SIGKILLed during a batch, and no prediction lost.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Balancer, httpTransport } from '@compass/balancer';
import { RegistryClient, startRegistryServer, type RunningRegistryServer } from '@compass/registry-sdk';
import ky from 'ky';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/keys/tokens.js';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { type Dataset, type Task } from '../src/storage/records.js';
import { tgzOf } from './archives.js';
import { removeDir, startTestServer, tempDir, type TestServer } from './harness.js';
import { readEvents } from './sse.js';

const FIX = join(import.meta.dirname, 'fixtures', 'inference');
const proteinText = readFileSync(join(FIX, 'tyk2_pocket.pdb'), 'utf8');
const ligandsText = readFileSync(join(FIX, 'tyk2_ligands.sdf'), 'utf8');
const REGISTRY_TOKEN = 'e2e-registry-token';
const CLI = join(import.meta.dirname, '..', 'src', 'cli.ts');

let registry: RunningRegistryServer;
let a: TestServer;
let bDir: string;
let b: ChildProcess | undefined;
let bUrl: string;

/** Starts the second server as a real process and resolves with its URL once it listens. */
function startChild(dataDir: string, registryUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=source',
      CLI,
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--registry',
      registryUrl,
      '--registry-token',
      REGISTRY_TOKEN,
    ],
    {
      env: { ...process.env, COMPASS_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.setEncoding('utf8');
  // pino logs go to stdout as JSON; the listening line is plain text.
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

beforeAll(async () => {
  registry = await startRegistryServer({
    store: 'memory',
    host: '127.0.0.1',
    port: 0,
    auth: { writeTokens: [REGISTRY_TOKEN] },
  });
  // Training runs in a worker thread here, as in production (the other training tests train in-thread).
  a = await startTestServer({
    modelOptions: { bundledDir: null },
    registry: { url: registry.url, token: REGISTRY_TOKEN, ttlMs: 2000 },
  });
  // The second server accepts the same admin token, so one balancer header works on both.
  bDir = tempDir();
  const storage = SqliteStorage.open(join(bDir, 'compass.db'));
  await storage.createKey({ name: 'shared admin', role: 'admin', hash: hashToken(a.admin) });
  await storage.close();
}, 60_000);
afterAll(async () => {
  b?.kill('SIGKILL');
  await a.close();
  await registry.close();
  removeDir(a.dataDir);
  removeDir(bDir);
});

describe('registry, two servers, training and the balancer', () => {
  it('trains through the API, predicts through the balancer and loses nothing when a server dies', async () => {
    // Train a smoke_test model on server A from an uploaded dataset.
    const form = new FormData();
    form.append('name', 'tyk2');
    const archive = await tgzOf([
      { name: 'tyk2_protein.pdb', data: proteinText },
      { name: 'tyk2_ligands.sdf', data: ligandsText },
    ]);
    form.append('file', new Blob([new Uint8Array(archive)]), 'tyk2.tar.gz');
    const up = await fetch(`${a.url}/api/v1/datasets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.admin}` },
      body: form,
    });
    await a.datasets.idle();
    const dataset = (await up.json()) as Dataset;
    const task = (await (
      await a.call('POST', '/api/v1/tasks', {
        body: { name: 'e2e', mode: 'smoke_test', config: { epochs: 1, batchSize: 2, datasetId: dataset.id } },
      })
    ).json()) as Task;
    const events = a.call('GET', `/api/v1/tasks/${task.id}/events`);
    await a.call('POST', `/api/v1/tasks/${task.id}/start`);
    const end = (await readEvents(await events, (e) => e.event === 'end')).at(-1)!;
    expect(end.data).toMatchObject({ state: 'succeeded' });
    const modelId = (end.data as { modelId: string }).modelId;

    // Server B: a separate process registered in the same registry, given the trained package.
    const started = await startChild(bDir, registry.url);
    b = started.child;
    bUrl = started.url;
    const pkg = new Uint8Array(
      await (await a.call('GET', `/api/v1/models/${modelId}/package`)).arrayBuffer(),
    );
    const put = await fetch(`${bUrl}/api/v1/models`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.admin}`, 'content-type': 'application/gzip' },
      body: pkg,
    });
    expect(put.status).toBe(201);
    const client = new RegistryClient({ url: registry.url });
    const source = client.discover('compass');
    // Both servers registered themselves (B through its --registry flag).
    for (let i = 0; i < 100 && (await client.listInstances('compass')).instances.length < 2; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await client.listInstances('compass')).instances.map((x) => x.url).sort()).toEqual(
      [a.url, bUrl].sort(),
    );
    const balancer = new Balancer({
      source,
      transport: httpTransport({ ky: ky.create({ headers: { authorization: `Bearer ${a.admin}` } }) }),
      retry: {
        maxRetries: 4,
        backoff: { initialMs: 10, maxMs: 100 },
        budget: { ratio: 1, minRetriesPerSecond: 1000 },
      },
      deadlineMs: 60_000,
    });
    try {
      const body = {
        model: modelId,
        protein: { format: 'pdb', text: proteinText },
        ligand: { format: 'sdf', text: ligandsText },
      };
      const direct = (await (await a.call('POST', '/api/v1/inference/predict', { body })).json()) as {
        predictions: { pK: number }[];
      };
      const calls = Array.from({ length: 40 }, (_, i) =>
        balancer
          .call({ method: 'POST', path: '/api/v1/inference/predict', json: body }, { idempotent: true })
          .then((r) => ({ i, r })),
      );
      // Kill B while the batch is in flight.
      setTimeout(() => b?.kill('SIGKILL'), 30);
      const results = await Promise.all(calls);
      expect(results).toHaveLength(40);
      for (const { r } of results) {
        expect(r.status).toBe(200);
        const got = r.body as { model: string; predictions: { pK: number }[] };
        expect(got.model).toBe(modelId);
        expect(got.predictions).toHaveLength(direct.predictions.length);
        got.predictions.forEach((p, k) => expect(p.pK).toBeCloseTo(direct.predictions[k]!.pK, 4));
      }
      // A graceful close deregisters: the registry no longer lists A (B died without deregistering).
      await a.close();
      const left = await client.listInstances('compass', { passingOnly: false });
      expect(left.instances.map((x) => x.url)).not.toContain(a.url);
    } finally {
      balancer.close();
      source.close();
      await client.close();
    }
  }, 120_000);
});
