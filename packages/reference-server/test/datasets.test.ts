/** Dataset routes: streamed upload with hash and status, list/get/delete, and hostile uploads. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkArchiveSignature } from '../src/datasets/validator.js';
import { type Dataset } from '../src/storage/records.js';
import { removeDir, startTestServer, type TestServer } from './harness.js';

const BOUNDARY = 'compass-test-boundary';
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);

/** A raw multipart body, so tests control every header byte (file names included). */
function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer }): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

let s: TestServer;
beforeAll(async () => {
  // The upload mechanics are tested with the signature check; dataset-validation.test.ts covers the sdk check.
  s = await startTestServer({
    validateDataset: checkArchiveSignature,
    limits: { uploadBytes: 1024 },
    rateLimits: { upload: { windowMs: 60_000, limit: 1000 } },
  });
});
afterAll(async () => {
  await s.close();
  removeDir(s.dataDir);
});

const upload = (body: Buffer, contentType = `multipart/form-data; boundary=${BOUNDARY}`) =>
  fetch(`${s.url}/api/v1/datasets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.admin}`, 'content-type': contentType },
    body: new Uint8Array(body),
  });
const settled = async (id: string): Promise<Dataset> => {
  await s.datasets.idle();
  return (await (await s.call('GET', `/api/v1/datasets/${id}`)).json()) as Dataset;
};
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
const datasetDirs = () =>
  existsSync(join(s.dataDir, 'datasets')) ? readdirSync(join(s.dataDir, 'datasets')) : [];

describe('dataset upload', () => {
  it('streams the file to the data dir, hashes it and becomes ready', async () => {
    const res = await upload(
      multipart({ name: 'toy set', description: 'three complexes' }, { name: 'toy.zip', data: ZIP }),
    );
    expect(res.status).toBe(202);
    const ds = (await res.json()) as Dataset;
    expect(ds).toMatchObject({ name: 'toy set', description: 'three complexes', status: 'processing' });
    const sha256 = createHash('sha256').update(ZIP).digest('hex');
    expect(ds.file).toEqual({
      path: join('datasets', ds.id, 'archive.zip'),
      originalName: 'toy.zip',
      size: ZIP.length,
      sha256,
    });
    expect(readFileSync(join(s.dataDir, ds.file?.path as string)).equals(ZIP)).toBe(true);
    expect(await settled(ds.id)).toMatchObject({
      status: 'ready',
      reason: null,
      counts: { bytes: ZIP.length },
    });
  });

  it('names the dataset after the file when no name is given', async () => {
    const ds = (await (
      await upload(multipart({}, { name: 'plain.tar.gz', data: Buffer.from([0x1f, 0x8b, 8, 0]) }))
    ).json()) as Dataset;
    expect(ds.name).toBe('plain.tar.gz');
    expect(ds.file?.path).toBe(join('datasets', ds.id, 'archive.tar.gz'));
  });

  it('marks a file that is not an archive as error with the reason', async () => {
    const res = await upload(
      multipart({ name: 'junk' }, { name: 'junk.zip', data: Buffer.from('hello world') }),
    );
    expect(res.status).toBe(202);
    const ds = await settled(((await res.json()) as Dataset).id);
    expect(ds).toMatchObject({
      status: 'error',
      reason: 'the uploaded file is not a zip, tar or gzip archive',
    });
  });

  it('lists newest first with cursors and a status filter, gets and deletes with files', async () => {
    const page = (await (await s.call('GET', '/api/v1/datasets?limit=1')).json()) as {
      items: Dataset[];
      nextCursor: string;
    };
    expect(page.items).toHaveLength(1);
    const rest = (await (await s.call('GET', `/api/v1/datasets?cursor=${page.nextCursor}`)).json()) as {
      items: Dataset[];
    };
    expect(rest.items.map((d) => d.id)).not.toContain(page.items[0]?.id);
    const errors = (await (await s.call('GET', '/api/v1/datasets?status=error')).json()) as {
      items: Dataset[];
    };
    expect(errors.items.map((d) => d.name)).toEqual(['junk']);
    const id = errors.items[0]?.id as string;
    expect((await s.call('DELETE', `/api/v1/datasets/${id}`)).status).toBe(204);
    expect(existsSync(join(s.dataDir, 'datasets', id))).toBe(false);
    expect((await s.call('GET', `/api/v1/datasets/${id}`)).status).toBe(404);
    expect((await s.call('DELETE', `/api/v1/datasets/${id}`)).status).toBe(404);
    expect((await s.call('GET', '/api/v1/datasets?status=lost')).status).toBe(400);
  });
});

describe('hostile uploads', () => {
  it('refuses a file over the limit with 413 and keeps nothing', async () => {
    const before = datasetDirs();
    const res = await upload(
      multipart({ name: 'big' }, { name: 'big.zip', data: Buffer.concat([ZIP, Buffer.alloc(4096)]) }),
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE', details: { limit: 1024 } },
    });
    expect(datasetDirs()).toEqual(before);
    const list = (await (await s.call('GET', '/api/v1/datasets')).json()) as { items: Dataset[] };
    expect(list.items.map((d) => d.name)).not.toContain('big');
  });

  it('refuses a declared length far over the limit before reading the body, closing the connection', async () => {
    const res = await upload(multipart({}, { name: 'huge.zip', data: Buffer.alloc(200 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toMatchObject({
      error: {
        code: 'PAYLOAD_TOO_LARGE',
        message: 'the upload exceeds 1024 bytes',
        details: { limit: 1024 },
      },
    });
    expect((await s.call('GET', '/health')).status).toBe(200);
  });

  it('refuses non-multipart bodies with 415', async () => {
    const res = await upload(ZIP, 'application/zip');
    expect(res.status).toBe(415);
    expect(await errorCode(res)).toBe('UNSUPPORTED_MEDIA_TYPE');
    const json = await s.call('POST', '/api/v1/datasets', { body: { name: 'x' } });
    expect(json.status).toBe(415);
  });

  it('refuses files that are not archives by name with 415', async () => {
    const res = await upload(multipart({}, { name: 'payload.exe', data: ZIP }));
    expect(res.status).toBe(415);
    expect(await errorCode(res)).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses path traversal in the file name and writes nothing outside the data dir', async () => {
    const before = datasetDirs();
    for (const name of ['../../evil.zip', '..\\\\evil.zip', '/etc/evil.zip', 'sub/evil.zip', '.hidden.zip']) {
      const res = await upload(multipart({}, { name, data: ZIP }));
      expect([name, res.status]).toEqual([name, 400]);
      expect(await errorCode(res)).toBe('INVALID_FILE_NAME');
    }
    expect(datasetDirs()).toEqual(before);
    expect(existsSync(join(s.dataDir, '..', 'evil.zip'))).toBe(false);
  });

  it('refuses uploads with no file, two files or a broken body with 400', async () => {
    const none = await upload(multipart({ name: 'nothing' }));
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: { path: 'body.file' } },
    });
    const two = Buffer.concat([
      multipart({}, { name: 'a.zip', data: ZIP }).subarray(0, -(BOUNDARY.length + 6)),
      multipart({}, { name: 'b.zip', data: ZIP }),
    ]);
    expect((await upload(two)).status).toBe(400);
    const truncated = multipart({}, { name: 'a.zip', data: ZIP }).subarray(0, 150);
    expect((await upload(truncated)).status).toBe(400);
    expect((await upload(ZIP, 'multipart/form-data')).status).toBe(400);
  });
});
