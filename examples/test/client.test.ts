/** CompassClient against a real reference server: every route family, errors with request ids, SSE and pages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompassClient, type CompassClientError, isCompassClientError } from '@compass/sdk/client';
import { tinyDatasetArchive } from '../lib/dataset-archive.js';
import { startLocalStack, type LocalStack } from '../lib/local-stack.js';

let stack: LocalStack;
let client: CompassClient;

beforeAll(async () => {
  stack = await startLocalStack({ servers: 1 });
  client = new CompassClient({ baseUrl: stack.servers[0]!.url, apiKey: stack.apiKey });
});
afterAll(async () => {
  await stack?.close();
});

async function failure(p: Promise<unknown>): Promise<CompassClientError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!isCompassClientError(e)) throw new Error(`expected a client error, got ${String(e)}`);
  return e;
}

describe('CompassClient on a real server', () => {
  it('health, readiness, metrics and OpenAPI', async () => {
    expect((await client.health()).status).toBe('ok');
    expect(await client.ready()).toMatchObject({ draining: false });
    expect(await client.metricsText()).toContain('compass_http_requests_total');
    const doc = await client.openapi();
    expect(Object.keys(doc.paths as object)).toContain('/api/v1/inference/predict');
  });

  it('maps a missing task to TASK_NOT_FOUND-like 404 with the request id', async () => {
    const e = await failure(client.tasks.get('no-such-task'));
    expect(e.status).toBe(404);
    expect(e.code).toMatch(/NOT_FOUND/);
    expect(e.requestId).toMatch(/^[\w.:-]+$/);
    expect(e.retryable).toBe(false);
  });

  it('rejects a bad key with 401 and no retry', async () => {
    const bad = new CompassClient({ baseUrl: client.baseUrl, apiKey: 'wrong' });
    const e = await failure(bad.tasks.list());
    expect(e.status).toBe(401);
  });

  it('keys: create (token once), list page by page, revoke; the new key works until revoked', async () => {
    const made = [];
    for (const name of ['k1', 'k2', 'k3']) made.push(await client.keys.create({ name, role: 'read' }));
    expect(made[0]!.token.length).toBeGreaterThan(20);
    const ids: string[] = [];
    for await (const k of client.keys.iterate({ limit: 2 })) ids.push(k.id);
    for (const m of made) expect(ids).toContain(m.id);
    const reader = new CompassClient({ baseUrl: client.baseUrl, apiKey: made[0]!.token });
    expect((await reader.models.list()).items.length).toBeGreaterThanOrEqual(1);
    expect((await client.keys.revoke(made[0]!.id)).revoked).toBe(true);
    expect((await failure(reader.models.list())).status).toBe(401);
  });

  it('models: list, get by alias, set default; the built-in model has no package to download', async () => {
    const models = (await client.models.list()).items;
    const vina = await client.models.get('vina');
    expect(models.map((m) => m.id)).toContain(vina.id);
    expect((await client.models.setDefault(vina.id)).isDefault).toBe(true);
    // The built-in Vina fallback is a record without package files: its download is refused with a typed error.
    const e = await failure(client.models.download(vina.id));
    expect(e.status).toBeGreaterThanOrEqual(400);
    expect(e.status).toBeLessThan(500);
    expect(e.message).toContain('no package files');
  });

  it('inference: predict and batch against the server default model', async () => {
    const ligand = `x\n  t\n\n  2  1  0  0  0  0  0  0  0  0999 V2000\n    1.0000    4.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n    2.5000    4.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0\n  1  2  1  0\nM  END\n$$$$\n`;
    const protein =
      'ATOM      1  N   ALA A   1       0.000   0.000   0.000  1.00  0.00           N\n' +
      'ATOM      2  CA  ALA A   1       1.458   0.000   0.000  1.00  0.00           C\nEND\n';
    const r = await client.inference.predict({
      protein: { format: 'pdb', text: protein },
      ligand: { format: 'sdf', text: ligand },
    });
    expect(r.unit).toBe('pK');
    expect(r.predictions).toHaveLength(1);
    expect(Number.isFinite(r.predictions[0]!.pK)).toBe(true);
    const b = await client.inference.batch({
      items: [
        { id: 'ok', protein: { format: 'pdb', text: protein }, ligand: { format: 'sdf', text: ligand } },
        { id: 'bad', protein: { format: 'pdb', text: protein }, ligand: { format: 'sdf', text: 'nonsense' } },
      ],
    });
    expect(b.results.map((x) => [x.id, x.ok])).toEqual([
      ['ok', true],
      ['bad', false],
    ]);
  });

  // The server trains for real (its SDK trainer), on a tiny dataset: FLASH-DOCK files or the committed inputs.
  it('tasks: create, start, follow the live events to the end, logs and metrics', async () => {
    const uploaded = await client.datasets.upload(await tinyDatasetArchive(), {
      name: 'client-tiny',
      fileName: 'client-tiny.tar.gz',
    });
    const dataset = await client.datasets.waitUntilProcessed(uploaded.id);
    expect(dataset.status).toBe('ready');
    const task = await client.tasks.create({
      name: 'client-test',
      mode: 'smoke_test',
      config: { epochs: 2, batchSize: 2, datasetId: dataset.id },
    });
    expect(task.state).toBe('pending');
    await client.tasks.start(task.id);
    const names: string[] = [];
    let progress = 0;
    for await (const e of client.tasks.events(task.id)) {
      names.push(e.event);
      if (e.event === 'progress') progress = (e.data as { progress: number }).progress;
    }
    expect(names.at(-1)).toBe('end');
    expect(names).toContain('state');
    expect(progress).toBe(1);
    const done = await client.tasks.get(task.id);
    expect(done.state).toBe('succeeded');
    expect((await client.tasks.metrics(task.id)).map((m) => m.epoch)).toEqual([0, 1]);
    const logs = [];
    for await (const l of client.tasks.iterateLogs(task.id)) logs.push(l);
    expect(logs.length).toBeGreaterThanOrEqual(1);
    const listed: string[] = [];
    for await (const t of client.tasks.iterate({ state: 'succeeded' })) listed.push(t.id);
    expect(listed).toContain(task.id);
    await client.tasks.delete(task.id);
    expect((await failure(client.tasks.get(task.id))).status).toBe(404);
  });

  it('aborts a call with CLIENT_ABORTED', async () => {
    const ctl = new AbortController();
    ctl.abort();
    expect((await failure(client.health({ signal: ctl.signal }))).code).toBe('CLIENT_ABORTED');
  });

  it('reports a server that is gone as a retryable connection error', async () => {
    const gone = new CompassClient({
      baseUrl: 'http://127.0.0.1:9',
      maxRetries: 1,
      backoff: { initialMs: 1 },
    });
    const e = await failure(gone.health());
    expect(e).toMatchObject({ code: 'CLIENT_CONNECTION', retryable: true });
  });
});
