/** Regression tests for the server defects of issue 16 (D1, D5, D7-D13), each against a live server on 127.0.0.1. */
import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, renameSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { extractPocket, VinaPredictor } from '@compass/sdk/engine';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type PredictResponse } from '../../src/inference/schemas.js';
import { type Dataset, type Task } from '../../src/storage/records.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { checkArchiveSignature } from '../../src/datasets/validator.js';
import { type DatasetValidator } from '../../src/datasets/validator.js';
import { VINA_MODEL_ID } from '../../src/inference/model-manager.js';
import { removeDir, startTestServer, tempDir, type TestServer } from '../harness.js';
import { ManualRunner } from '../test-runner.js';
import { EMPTY_SDF, moveSdf, proteinText, ligandsText } from './corpus.js';

interface Envelope {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
const envelope = async (res: Response) => (await res.json()) as Envelope;
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const inline = {
  protein: { format: 'pdb', text: proteinText },
  ligand: { format: 'sdf', text: ligandsText },
};

describe('predict input', () => {
  let s: TestServer;
  let allowed: string;
  beforeAll(async () => {
    allowed = tempDir();
    dirs.push(allowed);
    mkdirSync(join(allowed, 'sub'));
    writeFileSync(join(allowed, 'pocket.pdb'), proteinText);
    writeFileSync(join(allowed, '..', `outside-${process.pid}.pdb`), 'SECRET not a structure\n');
    symlinkSync(join(allowed, '..', `outside-${process.pid}.pdb`), join(allowed, 'link.pdb'));
    symlinkSync(join(allowed, 'pocket.pdb'), join(allowed, 'inside-link.pdb'));
    s = await startTestServer({ inference: { allowedDir: allowed } });
    dirs.push(s.dataDir);
  });
  afterAll(async () => {
    await s.close();
    removeDir(join(allowed, '..', `outside-${process.pid}.pdb`));
  });

  it('D1: a multipart body that ends inside a file part is a 400, and the server lives on', async () => {
    const uncaught: unknown[] = [];
    const spy = (e: unknown) => void uncaught.push(e);
    process.on('uncaughtException', spy);
    onTestFinished(() => void process.off('uncaughtException', spy));
    const res = await fetch(`${s.url}/api/v1/inference/predict`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.admin}`, 'content-type': 'multipart/form-data; boundary=yy' },
      body: '--yy\r\nContent-Disposition: form-data; name="protein"; filename="p.pdb"\r\n\r\nATOM',
    });
    expect(res.status).toBe(400);
    expect((await envelope(res)).error.code).toBe('VALIDATION_FAILED');
    expect((await s.call('GET', '/health', { token: null })).status).toBe(200);
    expect(uncaught).toEqual([]);
  });

  it('D10: missing, outside, linked and non-file paths all get the same 404', async () => {
    const paths = [
      'nope.pdb',
      `../outside-${process.pid}.pdb`,
      '../outside-missing.pdb',
      '/etc/passwd',
      '/etc/no-such-file',
      'link.pdb',
      'inside-link.pdb',
      'sub',
      'sub/../../etc/passwd',
    ];
    const answers = [];
    for (const path of paths) {
      const res = await s.call('POST', '/api/v1/inference/predict', {
        body: { protein: { path }, ligand: inline.ligand },
      });
      const { error } = await envelope(res);
      answers.push([res.status, error.code, error.message.replace(path, '<path>'), error.details]);
    }
    expect(answers).toEqual(
      paths.map((path) => [
        404,
        'NOT_FOUND',
        'no readable file at <path> in the allowed directory',
        { kind: 'file', id: path },
      ]),
    );
  });

  it('D5: a symlink swapped in while a path is read never makes the server read outside', async () => {
    const target = join(allowed, 'swap.pdb');
    writeFileSync(target, proteinText);
    let swapping = true;
    let swaps = 0;
    const swapper = (async () => {
      for (let i = 0; swapping; i++) {
        const tmp = join(allowed, `.swap-${i}`);
        if (i % 2) linkSync(join(allowed, 'pocket.pdb'), tmp);
        else symlinkSync(join(allowed, '..', `outside-${process.pid}.pdb`), tmp);
        renameSync(tmp, target);
        swaps++;
        await tick();
      }
    })();
    const statuses = new Map<number, number>();
    for (let round = 0; round < 10; round++) {
      const batch = await Promise.all(
        Array.from({ length: 8 }, () =>
          s.call('POST', '/api/v1/inference/predict', {
            body: { protein: { path: 'swap.pdb' }, ligand: inline.ligand },
          }),
        ),
      );
      for (const r of batch) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }
    swapping = false;
    await swapper;
    expect(swaps).toBeGreaterThan(10);
    // 200: the inside file was read; 404: the symlink was refused. A 422 would be the outside file parsed.
    expect([...statuses.keys()].filter((st) => st !== 200 && st !== 404)).toEqual([]);
  });

  it('D9: an empty ligand record is a typed 422 naming the SDK code', async () => {
    const res = await s.call('POST', '/api/v1/inference/predict', {
      body: { protein: inline.protein, ligand: { format: 'sdf', text: EMPTY_SDF } },
    });
    expect(res.status).toBe(422);
    expect((await envelope(res)).error).toMatchObject({
      code: 'INVALID_STRUCTURE',
      details: { cause: 'SCORING_EMPTY_LIGAND' },
    });
  });

  it('D9: a corrupt Content-Encoding: gzip body is a 400 INVALID_BODY', async () => {
    const good = gzipSync(JSON.stringify(inline));
    const corrupt = Buffer.concat([good.subarray(0, 20), Buffer.from('garbage garbage garbage')]);
    const res = await fetch(`${s.url}/api/v1/inference/predict`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${s.admin}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      body: corrupt,
    });
    expect(res.status).toBe(400);
    expect((await envelope(res)).error.code).toBe('INVALID_BODY');
    const ok = await fetch(`${s.url}/api/v1/inference/predict`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${s.admin}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      body: good,
    });
    expect(ok.status).toBe(200);
  });
});

describe('D9: SDK errors from a pocket-cutting predictor', () => {
  // A predictor that cuts the pocket first, as the COMPASS featurisers do: the SDK's own pocket errors come out.
  const vina = new VinaPredictor();
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({
      modelOptions: {
        bundledDir: null,
        loader: async (model) => ({
          id: model.id,
          name: model.name,
          provider: 'cpu',
          ensemble: false,
          close: async () => undefined,
          predictor: {
            name: 'pocket-vina',
            predict: async (input) => {
              extractPocket(input.protein, input.ligand, { radius: 8 });
              return vina.predict(input);
            },
            predictBatch: async (inputs) =>
              Promise.all(
                inputs.map(async (input) => {
                  extractPocket(input.protein, input.ligand, { radius: 8 });
                  return vina.predict(input);
                }),
              ),
          },
        }),
      },
    });
    dirs.push(s.dataDir);
  });
  afterAll(() => s.close());

  const predict = (ligandText: string) =>
    s.call('POST', '/api/v1/inference/predict', {
      body: { protein: inline.protein, ligand: { format: 'sdf', text: ligandText } },
    });

  it('a ligand far from the protein is INVALID_STRUCTURE (STRUCTURE_LIGAND_FAR)', async () => {
    const res = await predict(moveSdf(ligandsText.split('$$$$\n')[0]! + '$$$$\n', 500));
    expect(res.status).toBe(422);
    expect((await envelope(res)).error.details).toMatchObject({ cause: 'STRUCTURE_LIGAND_FAR' });
  });

  it('an empty pocket (a ligand with no atoms) is INVALID_STRUCTURE (STRUCTURE_EMPTY_POCKET)', async () => {
    const res = await predict(EMPTY_SDF);
    expect(res.status).toBe(422);
    expect((await envelope(res)).error.details).toMatchObject({ cause: 'STRUCTURE_EMPTY_POCKET' });
  });

  it('a multi-record file answers per record: good records predicted, bad ones listed with their codes', async () => {
    const first = ligandsText.split('$$$$\n')[0]! + '$$$$\n';
    const res = await predict(ligandsText + EMPTY_SDF + moveSdf(first, 500));
    expect(res.status).toBe(200);
    const body = (await res.json()) as PredictResponse;
    expect(body.predictions.map((p) => p.index)).toEqual([0, 1, 2]);
    expect(body.errors?.map((e) => [e.index, e.code, e.cause])).toEqual([
      [3, 'INVALID_STRUCTURE', 'STRUCTURE_EMPTY_POCKET'],
      [4, 'INVALID_STRUCTURE', 'STRUCTURE_LIGAND_FAR'],
    ]);
    const plain = (await (await predict(ligandsText)).json()) as PredictResponse;
    expect(body.predictions.map((p) => p.pK)).toEqual(plain.predictions.map((p) => p.pK));
    expect(plain.errors).toBeUndefined();
  });

  it('a file where no record can be predicted fails with the first error and the count', async () => {
    const res = await predict(EMPTY_SDF + EMPTY_SDF);
    expect(res.status).toBe(422);
    expect((await envelope(res)).error.details).toMatchObject({
      cause: 'STRUCTURE_EMPTY_POCKET',
      failedRecords: 2,
    });
  });
});

/** A validator the test releases by hand, writing into the extraction folder as the real one does. */
function heldValidator(): { validate: DatasetValidator; release: () => void; started: Promise<void> } {
  let release!: () => void;
  let started!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const began = new Promise<void>((r) => (started = r));
  const validate: DatasetValidator = async (path, info) => {
    started();
    await gate;
    mkdirSync(join(path, '..', 'extracted'), { recursive: true });
    writeFileSync(join(path, '..', 'extracted', 'index.csv'), 'x\n');
    return checkArchiveSignature(path, info);
  };
  return { validate, release, started: began };
}

const ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
async function uploadZip(s: TestServer): Promise<Dataset> {
  const form = new FormData();
  form.set('name', 'held');
  form.set('file', new Blob([ZIP]), 'held.zip');
  const res = await fetch(`${s.url}/api/v1/datasets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.admin}` },
    body: form,
  });
  expect(res.status).toBe(202);
  return (await res.json()) as Dataset;
}

describe('datasets', () => {
  it('D7: DELETE while validating is a 409; once validated it deletes and leaves no folder', async () => {
    const held = heldValidator();
    const s = await startTestServer({ validateDataset: held.validate });
    dirs.push(s.dataDir);
    try {
      const ds = await uploadZip(s);
      await held.started;
      const early = await s.call('DELETE', `/api/v1/datasets/${ds.id}`);
      expect(early.status).toBe(409);
      expect((await envelope(early)).error).toMatchObject({ code: 'CONFLICT', details: { id: ds.id } });
      held.release();
      await s.datasets.idle();
      expect(((await (await s.call('GET', `/api/v1/datasets/${ds.id}`)).json()) as Dataset).status).toBe(
        'ready',
      );
      expect((await s.call('DELETE', `/api/v1/datasets/${ds.id}`)).status).toBe(204);
      expect(existsSync(join(s.dataDir, 'datasets', ds.id))).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('D8 + D11: a restart revalidates interrupted datasets, fails those it cannot, sweeps orphans', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const storage = SqliteStorage.open(join(dataDir, 'compass.db'));
    const make = async (name: string, status: 'pending' | 'processing', withArchive: boolean) => {
      const id = randomUUID();
      await storage.createDataset({ id, name, description: '' });
      const path = join('datasets', id, 'archive.zip');
      if (withArchive) {
        mkdirSync(join(dataDir, 'datasets', id, 'extracted'), { recursive: true });
        writeFileSync(join(dataDir, path), ZIP);
        writeFileSync(join(dataDir, 'datasets', id, 'extracted', 'half.pdb'), 'ATOM');
      }
      await storage.updateDataset(id, {
        status,
        file:
          status === 'processing'
            ? { path, originalName: 'a.zip', size: ZIP.length, sha256: 'a'.repeat(64) }
            : null,
      });
      return id;
    };
    const resumable = await make('resumable', 'processing', true);
    const lost = await make('lost', 'processing', false);
    const cutOff = await make('cut-off', 'pending', true);
    await storage.close();
    // What a crash leaves: a model upload's temp folder, a model copy without a record, an upload without a record.
    mkdirSync(join(dataDir, 'upload-model-abc123', 'pkg'), { recursive: true });
    mkdirSync(join(dataDir, 'models', 'ghost'), { recursive: true });
    writeFileSync(join(dataDir, 'models', 'ghost', 'model.json'), '{}');
    const partial = randomUUID();
    mkdirSync(join(dataDir, 'datasets', partial), { recursive: true });
    writeFileSync(join(dataDir, 'datasets', partial, 'archive.tar.gz'), 'half an upl');

    const s = await startTestServer({ dataDir, validateDataset: checkArchiveSignature });
    try {
      await s.datasets.idle();
      const get = async (id: string) =>
        (await (await s.call('GET', `/api/v1/datasets/${id}`)).json()) as Dataset;
      expect((await get(resumable)).status).toBe('ready');
      expect(existsSync(join(dataDir, 'datasets', resumable, 'extracted', 'half.pdb'))).toBe(false);
      expect(await get(lost)).toMatchObject({ status: 'error', reason: expect.stringMatching(/restarted/) });
      expect(await get(cutOff)).toMatchObject({
        status: 'error',
        reason: expect.stringMatching(/restarted/),
      });
      expect(existsSync(join(dataDir, 'datasets', cutOff))).toBe(false);
      expect(existsSync(join(dataDir, 'upload-model-abc123'))).toBe(false);
      expect(existsSync(join(dataDir, 'models', 'ghost'))).toBe(false);
      expect(existsSync(join(dataDir, 'datasets', partial))).toBe(false);
      expect(existsSync(join(dataDir, 'datasets', resumable, 'archive.zip'))).toBe(true);
    } finally {
      await s.close();
    }
  });
});

describe('datasets on a store shared with other servers', () => {
  it('D8 + D11: leaves young orphans and recent validations alone (another server may own them), old ones not', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const storage = SqliteStorage.open(join(dataDir, 'compass.db'));
    const busy = randomUUID();
    await storage.createDataset({ id: busy, name: 'busy elsewhere', description: '' });
    await storage.updateDataset(busy, { status: 'processing' });
    mkdirSync(join(dataDir, 'upload-model-young'), { recursive: true });
    mkdirSync(join(dataDir, 'upload-model-old'), { recursive: true });
    const hoursAgo = new Date(Date.now() - 7 * 3600_000);
    utimesSync(join(dataDir, 'upload-model-old'), hoursAgo, hoursAgo);
    const s = await startTestServer({ dataDir, storage, validateDataset: checkArchiveSignature });
    try {
      expect(existsSync(join(dataDir, 'upload-model-young'))).toBe(true);
      expect(existsSync(join(dataDir, 'upload-model-old'))).toBe(false);
      expect((await s.storage.getDataset(busy))?.status).toBe('processing');
    } finally {
      await s.close();
      await storage.close();
    }
  });
});

/** A multipart dataset upload body: a `name` field and one file part, optionally cut off before its end. */
function uploadBody(fileName: string, bytes: Buffer, truncate: boolean): Buffer {
  const boundary = 'hostileBoundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nhostile\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n\r\n`,
  );
  return Buffer.concat([
    head,
    truncate ? bytes.subarray(0, bytes.length >> 1) : bytes,
    truncate ? Buffer.alloc(0) : Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

describe('dataset upload bodies (found by the hostile suite)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ limits: { uploadBytes: 256 * 1024 } });
    dirs.push(s.dataDir);
  });
  afterAll(() => s.close());
  const send = (body: Buffer) =>
    fetch(`${s.url}/api/v1/datasets`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${s.admin}`,
        'content-type': 'multipart/form-data; boundary=hostileBoundary',
      },
      body: new Uint8Array(body),
      signal: AbortSignal.timeout(5000),
    });

  it('a refused file part cut off mid-body is a 400, with no uncaught error', async () => {
    const uncaught: unknown[] = [];
    const spy = (e: unknown) => void uncaught.push(e);
    process.on('uncaughtException', spy);
    try {
      const res = await send(uploadBody('.zip', Buffer.alloc(64, 1), true));
      expect(res.status).toBe(400);
      expect((await envelope(res)).error.code).toBe('INVALID_FILE_NAME');
      await tick();
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', spy);
    }
  });

  it('a body refused half read closes its connection, so the next request on it is not left hanging', async () => {
    // A NUL in the part header makes busboy give up with 300 KB of the body unread.
    const first = await send(uploadBody('a\u0000.zip', Buffer.alloc(300 * 1024, 1), false));
    expect(first.status).toBe(400);
    expect(first.headers.get('connection')).toBe('close');
    await first.text();
    const next = await send(uploadBody('a.zip', Buffer.alloc(8, 1), true));
    expect(next.status).toBe(400);
    expect((await envelope(next)).error.code).toBe('VALIDATION_FAILED');
  });
});

describe('tasks and models', () => {
  it('D12: a task resumed after a restart drops the restart error once it succeeds', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const a = await startTestServer({ dataDir, runner: new ManualRunner() });
    const task = (await (
      await a.call('POST', '/api/v1/tasks', { body: { name: 'resumed' } })
    ).json()) as Task;
    await a.call('POST', `/api/v1/tasks/${task.id}/start`);
    await a.close();
    const runner = new ManualRunner();
    runner.checkpoints.add(task.id);
    const b = await startTestServer({ dataDir, runner, adminToken: a.admin });
    try {
      const paused = (await (await b.call('GET', `/api/v1/tasks/${task.id}`)).json()) as Task;
      expect(paused).toMatchObject({ state: 'paused', error: expect.stringMatching(/restarted/) });
      const resumed = (await (await b.call('POST', `/api/v1/tasks/${task.id}/resume`)).json()) as Task;
      expect(resumed).toMatchObject({ state: 'running', error: null });
      await runner.run(task.id).report.succeeded(VINA_MODEL_ID);
      const done = (await (await b.call('GET', `/api/v1/tasks/${task.id}`)).json()) as Task;
      expect(done).toMatchObject({ state: 'succeeded', error: null });
    } finally {
      await b.close();
    }
  });

  it('D13: deleting the default model is refused with 409 and the default stays', async () => {
    const s = await startTestServer();
    dirs.push(s.dataDir);
    try {
      await s.storage.putModel({
        id: 'trained-1',
        name: 'trained',
        aliases: [],
        card: {},
        packagePath: 'models/trained-1',
        sha256: 'b'.repeat(64),
      });
      await s.storage.putModel({
        id: 'newest',
        name: 'newest',
        aliases: [],
        card: {},
        packagePath: 'models/newest',
        sha256: 'c'.repeat(64),
      });
      await s.storage.setDefaultModel('trained-1');
      const res = await s.call('DELETE', '/api/v1/models/trained-1');
      expect(res.status).toBe(409);
      expect((await envelope(res)).error).toMatchObject({ code: 'CONFLICT', details: { isDefault: true } });
      expect((await s.storage.getDefaultModel())?.id).toBe('trained-1');
      await s.storage.setDefaultModel(VINA_MODEL_ID);
      expect((await s.call('DELETE', '/api/v1/models/trained-1')).status).toBe(204);
      expect((await s.storage.getDefaultModel())?.id).toBe(VINA_MODEL_ID);
    } finally {
      await s.close();
    }
  });
});
