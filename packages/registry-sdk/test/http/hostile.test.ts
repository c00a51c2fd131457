/** Hostile and malformed requests: refused with 400/401/413/415 in the error envelope, and nothing changes. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Instance } from '../../src/instance/types.js';
import { type RunningRegistryServer } from '../../src/http/server.js';
import { api, startTestServer, type ErrorBody } from './harness.js';

let server: RunningRegistryServer;
let base: string;
let original: Instance;
beforeAll(async () => {
  server = await startTestServer();
  base = server.url;
});
afterAll(() => server.close());

const good = { service: 'compass', address: '10.0.0.1', port: 8080, metadata: { zone: 'a' } };

beforeEach(async () => {
  const res = await api<Instance>(base, 'PUT', '/v1/instances/c1', { body: good });
  expect(res.status).toBe(200);
  original = res.body;
});

/** The registry holds exactly the instance registered in beforeEach, unchanged. */
async function expectUnchanged(): Promise<void> {
  expect(await server.registry.services()).toEqual([{ service: 'compass', instances: 1, passing: 1 }]);
  const now = await server.registry.get('c1');
  expect(now).toMatchObject({
    port: original.port,
    metadata: original.metadata,
    tags: original.tags,
    status: 'passing',
  });
}

const longString = (n: number) => 'x'.repeat(n);
const bigMetadata = Object.fromEntries(Array.from({ length: 1024 }, (_, i) => [`k${i}`, longString(1024)]));

describe('malformed bodies change nothing', () => {
  it.each([
    ['port as a string', { ...good, port: '8080' }, 'port'],
    ['negative port', { ...good, port: -1 }, 'port'],
    ['huge port', { ...good, port: 70_000 }, 'port'],
    ['fractional port', { ...good, port: 80.5 }, 'port'],
    ['missing service', { address: '10.0.0.1', port: 1 }, 'service'],
    ['tags not an array', { ...good, tags: 'gpu' }, 'tags'],
    ['metadata value a number', { ...good, metadata: { zone: 1 } }, 'metadata.zone'],
    ['a body that is an array', [good], ''],
  ])('%s → 400 naming the field', async (_name, body, field) => {
    const res = await api<ErrorBody>(base, 'PUT', '/v1/instances/c1', { body });
    expect(res.status).toBe(400);
    expect(['VALIDATION_FAILED', 'INVALID_REGISTRATION']).toContain(res.body.error.code);
    if (field) expect(String(res.body.error.details?.field ?? res.body.error.message)).toContain(field);
    expect(res.body.requestId).toBeTruthy();
    await expectUnchanged();
  });

  it('1 MB of metadata → 413', async () => {
    const res = await api<ErrorBody>(base, 'PUT', '/v1/instances/c1', {
      body: { ...good, metadata: bigMetadata },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    await expectUnchanged();
  });

  it('a 10 MB body → 413', async () => {
    const res = await api<ErrorBody>(base, 'PUT', '/v1/instances/c1', { body: longString(10 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    await expectUnchanged();
  });

  it('invalid JSON → 400 INVALID_JSON', async () => {
    for (const raw of ['{"service": "compass", ', '{service: compass}', '"just a string"', 'null']) {
      const res = await api<ErrorBody>(base, 'PUT', '/v1/instances/c1', { body: raw });
      expect(res.status, raw).toBe(400);
      expect(['INVALID_JSON', 'VALIDATION_FAILED'], raw).toContain(res.body.error.code);
    }
    expect((await api<ErrorBody>(base, 'PUT', '/v1/instances/c1', { body: '{"a":' })).body.error.code).toBe(
      'INVALID_JSON',
    );
    await expectUnchanged();
  });

  it('a body in another media type → 415', async () => {
    const res = await api<ErrorBody>(base, 'PUT', '/v1/instances/c1', {
      body: JSON.stringify({ ...good, port: 1 }),
      contentType: 'text/plain',
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    await expectUnchanged();
  });

  it('oversized ttl notes and unknown fields in ttl and maintenance bodies → 400', async () => {
    const note = await api<ErrorBody>(base, 'PUT', '/v1/instances/c1/ttl/fail', {
      body: { note: longString(5000) },
    });
    expect(note.status).toBe(400);
    expect(note.body.error.details?.field).toBe('note');
    const extra = await api<ErrorBody>(base, 'PUT', '/v1/instances/c1/maintenance', {
      body: { enabled: true, x: 1 },
    });
    expect(extra.status).toBe(400);
    await expectUnchanged();
  });
});

describe('writes without a valid token change nothing', () => {
  it.each([
    ['no token', null],
    ['a wrong token', 'not-the-token'],
  ])('%s → 401 on every write route', async (_name, token) => {
    const writes: Array<[string, string, unknown]> = [
      ['PUT', '/v1/instances/c1', { ...good, port: 9 }],
      ['PUT', '/v1/instances', { ...good, address: '10.9.9.9' }],
      ['PUT', '/v1/instances/c1/ttl/fail', {}],
      ['PUT', '/v1/instances/c1/maintenance', { enabled: true }],
      ['DELETE', '/v1/instances/c1', undefined],
    ];
    for (const [method, path, body] of writes) {
      const res = await api<ErrorBody>(base, method, path, { body, token });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    }
    await expectUnchanged();
  });

  it('an unauthenticated huge body is refused without being parsed', async () => {
    const res = await api<ErrorBody>(base, 'PUT', '/v1/instances/c1', {
      body: longString(1024),
      token: null,
    });
    expect(res.status).toBe(401);
    await expectUnchanged();
  });
});
