/** Every v0 route's failure paths and envelopes, the config mapping, access, rate limits and OpenAPI, on real listeners. */
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveContext } from '../../src/http/app.js';
import { issueKey } from '../../src/keys/issue-key.js';
import { startV0Listener, taskBodyFromV0, v0AccessCheck, V0_ROUTES } from '../../src/v0/index.js';
import { removeDir } from '../harness.js';
import { FIX, startV0TestServer, v0call, v0upload, type V0TestServer } from './v0-harness.js';

let s: V0TestServer;
let base: string;
beforeAll(async () => {
  s = await startV0TestServer();
  base = s.v0url;
});
afterAll(async () => {
  await s.close();
  removeDir(s.dataDir);
});

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const create = (config: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  v0call<Record<string, unknown>>(base, 'POST', '/api/v1/training/tasks', { config, ...extra });
interface Issue422 {
  error: string;
  detail: Array<{ type: string; loc: unknown[]; msg: string }>;
  path: string;
}

describe('v0 training routes: failures', () => {
  it('answers a non-UUID id with 400 ERR_2000 and an unknown one with 404 ERR_3004', async () => {
    expect(await v0call(base, 'GET', '/api/v1/training/tasks/nope')).toMatchObject({
      status: 400,
      body: { error: 'Invalid task ID format: nope', status_code: 400, error_code: 'ERR_2000' },
    });
    const missing = await v0call(base, 'GET', `/api/v1/training/tasks/${UNKNOWN}`);
    expect(missing).toMatchObject({ status: 404, body: { status_code: 404, error_code: 'ERR_3004' } });
    expect(typeof missing.body.error).toBe('string');
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('refuses what it cannot honour with a 422 naming the field: optimiser, mode, unknown keys, bad values', async () => {
    const cases: Array<[Record<string, unknown>, unknown[]]> = [
      [{ optimizer: 'rmsprop' }, ['body', 'config', 'optimizer']],
      [{ execution_mode: 'turbo' }, ['body', 'config', 'execution_mode']],
      [{ warmup_steps: 100 }, ['body', 'config', 'warmup_steps']],
      [{ epochs: 0 }, ['body', 'config', 'epochs']],
      [{ batch_size: 'eight' }, ['body', 'config', 'batch_size']],
    ];
    for (const [config, loc] of cases) {
      const res = await create(config);
      expect(res.status).toBe(422);
      const body = res.body as unknown as Issue422;
      expect(body.error).toBe('Validation error');
      expect(body.path).toBe('/api/v1/training/tasks');
      expect(body.detail[0]?.loc).toEqual(loc);
    }
    const noConfig = (await v0call(base, 'POST', '/api/v1/training/tasks', {})).body as unknown as Issue422;
    expect(noConfig.detail).toEqual([{ type: 'missing', loc: ['body', 'config'], msg: 'Field required' }]);
    const badJson = await v0call(base, 'POST', '/api/v1/training/tasks', '{"config":');
    expect(badJson.status).toBe(422);
    expect((badJson.body as unknown as Issue422).detail[0]?.type).toBe('json_invalid');
  });

  it('maps every known config key onto our task body', () => {
    expect(
      taskBodyFromV0({
        config: {
          execution_mode: 'Validation',
          epochs: 5,
          batch_size: 8,
          learning_rate: 0.01,
          optimizer: 'SGD',
          hidden_dim: 96,
          num_layers: 3,
          dropout: 0.2,
          cutoff: 6,
        },
        dataset_id: 'ds-1',
        description: 'd',
      }),
    ).toEqual({
      name: 'd',
      mode: 'validation',
      config: {
        epochs: 5,
        batchSize: 8,
        learningRate: 0.01,
        optimiser: 'sgd',
        datasetId: 'ds-1',
        description: 'd',
        model: { hiddenDim: 96, layers: 3, dropout: 0.2, cutoff: 6 },
      },
    });
    expect(taskBodyFromV0({ config: { epochs: null } })).toEqual({
      name: 'FLASH-DOCK training task',
      mode: 'prototyping',
      config: {},
    });
  });

  it('start, pause, stop, delete, logs and metrics answer unknown or wrong-state tasks as the original', async () => {
    const id = (await create({ execution_mode: 'smoke_test' })).body.task_id as string;
    expect(await v0call(base, 'POST', `/api/v1/training/tasks/${UNKNOWN}/start`)).toMatchObject({
      status: 400,
      body: { status_code: 400, error_code: 'ERR_2001' },
    });
    expect(await v0call(base, 'POST', `/api/v1/training/tasks/${id}/pause`)).toEqual(
      expect.objectContaining({ status: 400, body: { detail: `Failed to pause task ${id}` } }),
    );
    expect(await v0call(base, 'POST', `/api/v1/training/tasks/${id}/stop`)).toEqual(
      expect.objectContaining({
        status: 400,
        body: { detail: "Task is in 'pending' status. Only running or initializing tasks can be stopped." },
      }),
    );
    expect(await v0call(base, 'POST', `/api/v1/training/tasks/${UNKNOWN}/stop`)).toMatchObject({
      status: 404,
      body: { detail: `Task ${UNKNOWN} not found` },
    });
    await v0call(base, 'POST', `/api/v1/training/tasks/${id}/start`);
    // Running: start again is refused, naming the status.
    const again = await v0call(base, 'POST', `/api/v1/training/tasks/${id}/start`);
    expect(again).toMatchObject({
      status: 400,
      body: { error_code: 'ERR_2001', detail: { status: 'running' } },
    });
    for (const limit of ['0', '1001', 'abc']) {
      expect(await v0call(base, 'GET', `/api/v1/training/tasks/${id}/logs?limit=${limit}`)).toMatchObject({
        status: 400,
        body: { detail: 'limit must be an integer from 1 to 1000' },
      });
    }
    for (const [method, path] of [
      ['GET', `/api/v1/training/tasks/${UNKNOWN}/logs`],
      ['GET', `/api/v1/training/tasks/${UNKNOWN}/metrics`],
      ['DELETE', `/api/v1/training/tasks/${UNKNOWN}`],
    ] as const) {
      expect(await v0call(base, method, path)).toMatchObject({
        status: 404,
        body: { detail: `Task ${UNKNOWN} not found` },
      });
    }
    // Deleting a running task stops it first, and answers 200 JSON.
    expect(await v0call(base, 'DELETE', `/api/v1/training/tasks/${id}`)).toMatchObject({ status: 200 });
  });

  it('refuses a dataset_id that does not exist with 404 ERR_3002', async () => {
    expect(await create({}, { dataset_id: 'no-such-dataset' })).toMatchObject({
      status: 404,
      body: { error: 'Dataset no-such-dataset not found', error_code: 'ERR_3002' },
    });
  });

  it('reports queued tasks as initializing', async () => {
    const id = (await create({})).body.task_id as string;
    await s.storage.updateTask(id, { state: 'queued' });
    expect((await v0call(base, 'GET', `/api/v1/training/tasks/${id}`)).body.status).toBe('initializing');
    await s.storage.updateTask(id, { state: 'pending' });
  });
});

describe('v0 data, inference and model routes: failures', () => {
  it('refuses uploads that are not multipart archives, and unknown datasets', async () => {
    const notMultipart = await v0call(base, 'POST', '/api/v1/data/upload', { file: 'x' });
    expect(notMultipart).toMatchObject({ status: 400 });
    const rar = await v0upload(base, Buffer.from('Rar!'), 'data.rar');
    expect(rar).toMatchObject({ status: 400, body: { error_code: 'ERR_2000', status_code: 400 } });
    expect(await v0call(base, 'DELETE', '/api/v1/data/datasets/nope')).toMatchObject({
      status: 404,
      body: { detail: 'Dataset not found' },
    });
  });

  it('answers an archive that fails validation with 201 and the dataset in status error', async () => {
    const { tgzOf } = await import('../archives.js');
    const up = await v0upload(
      base,
      await tgzOf([{ name: 'readme.txt', data: 'no complexes' }]),
      'bad.tar.gz',
    );
    expect(up.status).toBe(201);
    expect(up.body.status).toBe('error');
    expect(typeof up.body.error).toBe('string');
  });

  it('predict: 422 for a bad suffix, 400 for a file it cannot read, 404 ERR_3003 for an unknown model', async () => {
    const pocket = join(FIX, 'tyk2_pocket.pdb');
    const sdf = join(FIX, 'tyk2_ligands.sdf');
    const suffix = await v0call(base, 'POST', '/api/v1/inference/predict', {
      protein_path: join(FIX, 'x.txt'),
      ligand_path: sdf,
    });
    expect(suffix.status).toBe(422);
    expect((suffix.body as unknown as Issue422).detail[0]?.loc).toEqual(['body', 'protein_path']);
    for (const ligand of [join(FIX, 'missing.sdf'), '/etc/hostname.sdf', '../../package.sdf']) {
      expect(
        await v0call(base, 'POST', '/api/v1/inference/predict', {
          protein_path: pocket,
          ligand_path: ligand,
        }),
      ).toMatchObject({
        status: 400,
        body: { error_code: 'ERR_2002' },
      });
    }
    expect(
      await v0call(base, 'POST', '/api/v1/inference/predict', {
        protein_path: pocket,
        ligand_path: sdf,
        model_id: 'nope',
      }),
    ).toMatchObject({ status: 404, body: { error_code: 'ERR_3003' } });
  });

  it('batch: 400 for an empty list, 422 past 1000 pairs', async () => {
    expect(await v0call(base, 'POST', '/api/v1/inference/batch', { protein_ligand_pairs: [] })).toMatchObject(
      {
        status: 400,
        body: { detail: 'protein_ligand_pairs must not be empty' },
      },
    );
    const pair = { protein: 'a.pdb', ligand: 'b.sdf' };
    const many = await v0call(base, 'POST', '/api/v1/inference/batch', {
      protein_ligand_pairs: Array(1001).fill(pair),
    });
    expect(many.status).toBe(422);
  });

  it('unknown paths get FastAPI 404 {detail}; /health answers the registry checker', async () => {
    expect(await v0call(base, 'GET', '/api/v1/nothing')).toMatchObject({
      status: 404,
      body: { detail: 'Not Found' },
    });
    expect(await v0call(base, 'GET', '/health')).toMatchObject({ status: 200, body: { status: 'healthy' } });
  });
});

describe('v0 surface: separation, access, rate limits, OpenAPI', () => {
  it('keeps our API unchanged on the main port: same paths, our keys and envelope', async () => {
    const ours = await fetch(`${s.url}/api/v1/models`);
    expect(ours.status).toBe(401);
    expect(((await ours.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    expect((await fetch(`${s.url}/api/v1/training/tasks`)).status).toBe(401);
    const v0 = await v0call<{ models: unknown[] }>(base, 'GET', '/api/v1/models');
    expect(v0.status).toBe(200);
    expect(Array.isArray(v0.body.models)).toBe(true);
  });

  it('refuses calls a browser sends from another site (Origin), so a web page cannot drive the keyless surface', async () => {
    const res = await fetch(`${base}/api/v1/training/tasks`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ config: {} }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { detail: string }).detail).toContain('http://evil.example');
    expect((await fetch(`${base}/health`, { headers: { origin: 'http://evil.example' } })).status).toBe(200);
  });

  it('lets in loopback, allow-listed addresses and train/admin keys only', async () => {
    const req = (address: string, headers: Record<string, string> = {}) => ({
      socket: { remoteAddress: address },
      headers,
    });
    const check = v0AccessCheck(s.storage, { allow: ['10.1.0.0/16'], acceptKeys: true });
    const noKeys = v0AccessCheck(s.storage, { allow: [], acceptKeys: false });
    const { token: train } = await issueKey(s.storage, 'flash-dock', 'train');
    const { token: read } = await issueKey(s.storage, 'viewer', 'read');
    expect(await check(req('127.0.0.1') as never)).toBe(true);
    expect(await check(req('::ffff:10.1.2.3') as never)).toBe(true);
    expect(await check(req('10.2.0.1') as never)).toBe(false);
    expect(await check(req('10.2.0.1', { authorization: `Bearer ${train}` }) as never)).toBe(true);
    expect(await check(req('10.2.0.1', { 'x-api-key': s.admin }) as never)).toBe(true);
    expect(await check(req('10.2.0.1', { authorization: `Bearer ${read}` }) as never)).toBe(false);
    expect(await noKeys(req('10.2.0.1', { authorization: `Bearer ${train}` }) as never)).toBe(false);
  });

  it('answers past the budget with 429 ERR_5000, Retry-After and X-RateLimit headers', async () => {
    const ctx = resolveContext({
      storage: s.storage,
      tasks: s.tasks,
      dataDir: s.dataDir,
      datasets: s.datasets,
      models: s.models,
      logger: pino({ level: 'silent' }),
    });
    const limited = await startV0Listener(ctx, { port: 0, rateLimit: { windowMs: 60_000, limit: 2 } });
    try {
      await v0call(limited.url, 'GET', '/api/v1/models');
      await v0call(limited.url, 'GET', '/api/v1/models');
      const third = await v0call(limited.url, 'GET', '/api/v1/models');
      expect(third).toMatchObject({ status: 429, body: { status_code: 429, error_code: 'ERR_5000' } });
      expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(third.headers.get('x-ratelimit-limit')).toBe('2');
      // /health is outside the budget: the registry's checker never starves.
      expect((await v0call(limited.url, 'GET', '/health')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('documents the v0 routes in their own OpenAPI document, apart from ours', async () => {
    const doc = (
      await v0call<{ paths: Record<string, Record<string, unknown>> }>(base, 'GET', '/openapi.json')
    ).body;
    const ops = Object.entries(doc.paths).flatMap(([p, m]) =>
      Object.keys(m).map((k) => `${k.toUpperCase()} ${p}`),
    );
    expect(ops).toHaveLength(V0_ROUTES.length + 1);
    expect(ops).toContain('GET /api/v1/training/tasks/{task_id}/stream');
    expect(ops).toContain('POST /api/v1/training/tasks/{id}/start');
    const ours = (await (await fetch(`${s.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(ours.paths).some((p) => p.startsWith('/api/v1/training'))).toBe(false);
  });
});
