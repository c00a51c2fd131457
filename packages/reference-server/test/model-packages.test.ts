/** Model packages over HTTP: upload (validated, stable id), download, aliases, default, delete, and refusals. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { initParams } from '@compass/sdk/graph';
import {
  createCompassModelDef,
  type ModelCard,
  packModelArchive,
  resolveHyperParams,
  saveModelPackage,
  unpackModelArchive,
} from '@compass/sdk/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Model } from '../src/storage/records.js';
import { removeDir, startTestServer, type TestServer } from './harness.js';

const FIX = join(import.meta.dirname, 'fixtures', 'inference');
let s: TestServer;
let root: string;
let archive: Buffer;
let card: ModelCard;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'compass-model-upload-'));
  const hp = resolveHyperParams('smoke_test', { hidden: 16, heads: 2, rbf: 8 });
  card = await saveModelPackage(join(root, 'pkg'), {
    hyperParams: hp,
    params: initParams(createCompassModelDef(hp), { seed: 3 }),
    name: 'uploaded-model',
    target: { mean: 6, std: 1.5 },
  });
  archive = await packModelArchive(join(root, 'pkg'));
  s = await startTestServer({
    limits: { uploadBytes: archive.length + 1024 },
    modelOptions: { bundledDir: null },
  });
});
afterAll(async () => {
  await s.close();
  removeDir(s.dataDir);
  await rm(root, { recursive: true, force: true });
});

const upload = (body: Uint8Array, type = 'application/gzip', query = '') =>
  fetch(`${s.url}/api/v1/models${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.admin}`, 'content-type': type },
    body: body as Uint8Array<ArrayBuffer>,
  });
const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('the bundled model', () => {
  it('is registered on first start as the default, loaded, and predicts when no model is named', async () => {
    const b = await startTestServer({ modelOptions: { bundledDir: join(root, 'pkg') } });
    try {
      const def = await b.storage.getDefaultModel();
      expect(def).toMatchObject({ id: card.id, aliases: ['bundled'], packagePath: join(root, 'pkg') });
      expect((await b.call('GET', '/v2/health/ready', { token: null })).status).toBe(200);
      const res = await b.call('POST', '/api/v1/inference/predict', {
        body: {
          protein: { format: 'pdb', text: readFileSync(join(FIX, 'tyk2_pocket.pdb'), 'utf8') },
          ligand: { format: 'pdbqt', text: readFileSync(join(FIX, 'tyk2_ligand1.pdbqt'), 'utf8') },
        },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { unit: string; model: string; predictions: { pK: number }[] };
      expect(body).toMatchObject({ unit: 'pK', model: card.id });
      expect(Number.isFinite(body.predictions[0]!.pK)).toBe(true);
    } finally {
      await b.close();
      removeDir(b.dataDir);
    }
  });
});

describe('model packages', () => {
  it('uploads a package under its card id, idempotently', async () => {
    const res = await upload(archive, 'application/gzip', '?alias=candidate');
    expect(res.status).toBe(201);
    const model = (await res.json()) as Model;
    expect(model).toMatchObject({
      id: card.id,
      name: 'uploaded-model',
      aliases: ['candidate'],
      isDefault: false,
    });
    expect((model.card as { target: { unit: string } }).target.unit).toBe('pK');
    const again = (await (await upload(archive)).json()) as Model;
    expect(again.id).toBe(card.id);
    const list = (await (await s.call('GET', '/api/v1/models')).json()) as { items: Model[] };
    expect(list.items.map((m) => m.id).sort()).toEqual([card.id, 'vina'].sort());
  });

  it('downloads the same package back', async () => {
    const res = await s.call('GET', '/api/v1/models/candidate/package');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/gzip');
    const back = await unpackModelArchive(new Uint8Array(await res.arrayBuffer()), join(root, 'back'));
    expect(back.id).toBe(card.id);
    expect(back.files).toEqual(card.files);
    expect(await code(await s.call('GET', '/api/v1/models/vina/package'))).toBe('CONFLICT');
    expect((await s.call('GET', '/api/v1/models/none/package')).status).toBe(404);
  });

  it('replaces aliases and refuses one that names another model', async () => {
    const res = await s.call('PUT', `/api/v1/models/${card.id}/aliases`, {
      body: { aliases: ['prod', 'v1'] },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Model).aliases.sort()).toEqual(['prod', 'v1']);
    expect(((await (await s.call('GET', '/api/v1/models/prod')).json()) as Model).id).toBe(card.id);
    expect((await s.call('GET', '/api/v1/models/candidate')).status).toBe(404);
    const clash = await s.call('PUT', '/api/v1/models/vina/aliases', { body: { aliases: ['prod'] } });
    expect(clash.status).toBe(409);
    const bad = await s.call('PUT', '/api/v1/models/vina/aliases', { body: { aliases: ['../x'] } });
    expect(bad.status).toBe(400);
  });

  it('refuses invalid archives, other media types and oversize uploads', async () => {
    const junk = await upload(gzipSync(Buffer.from('not a tar archive at all')));
    expect(junk.status).toBe(422);
    expect(await code(junk)).toBe('INVALID_MODEL_PACKAGE');
    expect((await upload(Buffer.from('x'), 'application/json')).status).toBe(415);
    const big = await upload(Buffer.alloc(archive.length + 4096));
    expect(big.status).toBe(413);
  });

  it('deletes a package (not the built-in vina) and keeps a default', async () => {
    expect(await code(await s.call('DELETE', '/api/v1/models/vina'))).toBe('CONFLICT');
    const del = await s.call('DELETE', '/api/v1/models/prod');
    expect(del.status).toBe(204);
    expect((await s.call('GET', `/api/v1/models/${card.id}`)).status).toBe(404);
    expect((await s.call('DELETE', '/api/v1/models/prod')).status).toBe(404);
    expect((await s.storage.getDefaultModel())?.id).toBe('vina');
  });
});
