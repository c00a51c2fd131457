/** Dataset uploads checked by the sdk: a real FEP set becomes ready; zip slip, zip bomb, oversize, wrong type and misnamed files become errors. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dataset } from '../src/storage/records.js';
import { tarOf, tgzOf, zipOf, type Entry } from './archives.js';
import { removeDir, startTestServer, type TestServer } from './harness.js';

const FIX = join(import.meta.dirname, 'fixtures', 'inference');
// A Schrodinger FEP+ style set: <system>_protein.pdb with <system>_ligands.sdf carrying r_exp_dg labels.
const FEP: Entry[] = [
  { name: 'tyk2_protein.pdb', data: readFileSync(join(FIX, 'tyk2_pocket.pdb')) },
  { name: 'tyk2_ligands.sdf', data: readFileSync(join(FIX, 'tyk2_ligands.sdf')) },
];

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({
    limits: { uploadBytes: 512 * 1024 },
    rateLimits: { upload: { windowMs: 60_000, limit: 1000 } },
  });
});
afterAll(async () => {
  await s.close();
  removeDir(s.dataDir);
});

async function upload(name: string, data: Buffer): Promise<Response> {
  const form = new FormData();
  form.append('name', name);
  form.append('file', new Blob([new Uint8Array(data)]), name);
  return fetch(`${s.url}/api/v1/datasets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.admin}` },
    body: form,
  });
}

/** Uploads and waits for the check to finish. */
async function settled(name: string, data: Buffer): Promise<Dataset> {
  const res = await upload(name, data);
  expect(res.status).toBe(202);
  const ds = (await res.json()) as Dataset;
  expect(ds.status).toBe('processing');
  await s.datasets.idle();
  return (await (await s.call('GET', `/api/v1/datasets/${ds.id}`)).json()) as Dataset;
}

describe('dataset validation by the sdk', () => {
  it('extracts a tar.gz FEP set and counts its complexes', async () => {
    const ds = await settled('tyk2.tar.gz', await tgzOf(FEP));
    expect(ds).toMatchObject({ status: 'ready', reason: null });
    expect(ds.counts.complexes).toBe(3);
    expect(ds.counts.files).toBe(2);
    expect(existsSync(join(s.dataDir, 'datasets', ds.id, 'extracted', 'tyk2_ligands.sdf'))).toBe(true);
  });

  it('accepts the same set as zip and as tar', async () => {
    expect((await settled('tyk2.zip', zipOf(FEP))).counts.complexes).toBe(3);
    expect((await settled('tyk2.tar', await tarOf(FEP))).counts.complexes).toBe(3);
  });

  it('refuses zip slip (path traversal) and writes nothing outside', async () => {
    const ds = await settled('slip.tar.gz', await tgzOf([...FEP, { name: '../../escaped.txt', data: 'x' }]));
    expect(ds.status).toBe('error');
    expect(ds.reason).toMatch(/unsafe entr.*traversal/);
    expect(existsSync(join(s.dataDir, 'datasets', 'escaped.txt'))).toBe(false);
    expect(existsSync(join(s.dataDir, 'escaped.txt'))).toBe(false);
    expect(existsSync(join(s.dataDir, 'datasets', ds.id, 'extracted'))).toBe(false);
    const zipSlip = await settled('slip.zip', zipOf([...FEP, { name: '../evil.sdf', data: 'x' }]));
    expect(zipSlip.status).toBe('error');
  });

  it('refuses a zip bomb by its compression ratio', async () => {
    const ds = await settled(
      'bomb.zip',
      zipOf([{ name: 'zeros.pdb', data: Buffer.alloc(20 * 1024 ** 2) }], true),
    );
    expect(ds.status).toBe('error');
    expect(ds.reason).toMatch(/expands more than 200x/);
  });

  it('refuses a file that is not what its name says', async () => {
    const misnamed = await settled('tyk2.zip', await tgzOf(FEP));
    expect(misnamed.status).toBe('error');
    expect(misnamed.reason).toContain('holds a tar.gz archive');
    const junk = await settled('junk.tar.gz', Buffer.from('this is plain text, not an archive'));
    expect(junk.status).toBe('error');
    expect(junk.reason).toBeTruthy();
  });

  it('refuses an archive that is not a dataset', async () => {
    const ds = await settled('notes.tar.gz', await tgzOf([{ name: 'notes.txt', data: 'hello' }]));
    expect(ds.status).toBe('error');
    expect(ds.reason).toBeTruthy();
  });

  it('refuses oversize uploads and other file types before storing them', async () => {
    expect((await upload('big.tar.gz', Buffer.alloc(600 * 1024))).status).toBe(413);
    expect((await upload('data.txt', Buffer.from('x'))).status).toBe(415);
  });
});
