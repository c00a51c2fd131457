/** The REST API over real HTTP: registration, health reports, maintenance, listings, blocking queries, envelopes. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Instance, type QueryResult } from '../../src/instance/types.js';
import { type RunningRegistryServer } from '../../src/http/server.js';
import { api, startTestServer, type ErrorBody } from './harness.js';

let server: RunningRegistryServer;
let base: string;
beforeAll(async () => {
  server = await startTestServer({ maxWaitMs: 2_000 });
  base = server.url;
});
afterAll(() => server.close());

const reg = (id: string, extra: Record<string, unknown> = {}) => ({
  service: 'compass',
  address: '10.0.0.1',
  port: 8080,
  check: { type: 'ttl', ttlMs: 60_000 },
  ...extra,
  id,
});

beforeEach(async () => {
  for (const svc of ['compass', 'other']) {
    const listed = await api<QueryResult>(base, 'GET', `/v1/services/${svc}/instances?passing=false`);
    for (const instance of listed.body.instances) await api(base, 'DELETE', `/v1/instances/${instance.id}`);
  }
});

describe('registration', () => {
  it('PUT /v1/instances/:id is idempotent: the same id twice is one instance', async () => {
    const first = await api<Instance>(base, 'PUT', '/v1/instances/c1', { body: reg('c1') });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      id: 'c1',
      service: 'compass',
      address: '10.0.0.1',
      port: 8080,
      status: 'passing',
    });
    const again = await api<Instance>(base, 'PUT', '/v1/instances/c1', {
      body: { ...reg('c1'), tags: ['v2'] },
    });
    expect(again.status).toBe(200);
    expect(again.body.tags).toEqual(['v2']);
    const list = await api<QueryResult>(base, 'GET', '/v1/services/compass/instances');
    expect(list.body.instances.map((i) => i.id)).toEqual(['c1']);
    expect(list.body.instances[0]?.tags).toEqual(['v2']);
  });

  it('PUT /v1/instances derives a stable id from service and address', async () => {
    const body = { service: 'compass', address: '10.0.0.9', port: 9000 };
    const a = await api<Instance>(base, 'PUT', '/v1/instances', { body });
    const b = await api<Instance>(base, 'PUT', '/v1/instances', { body });
    expect(a.status).toBe(200);
    expect(a.body.id).toBeTruthy();
    expect(b.body.id).toBe(a.body.id);
    const list = await api<QueryResult>(base, 'GET', '/v1/services/compass/instances');
    expect(list.body.instances).toHaveLength(1);
  });

  it('refuses a body id that differs from the path id', async () => {
    const res = await api<ErrorBody>(base, 'PUT', '/v1/instances/c1', { body: reg('c2') });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'id' } });
    expect((await api(base, 'GET', '/v1/instances/c1')).status).toBe(404);
  });

  it('GET and DELETE an instance; unknown ids get 404 INSTANCE_NOT_FOUND', async () => {
    await api(base, 'PUT', '/v1/instances/c1', { body: reg('c1') });
    const got = await api<Instance>(base, 'GET', '/v1/instances/c1', { token: null });
    expect(got.status).toBe(200);
    expect(got.body.id).toBe('c1');
    const del = await api(base, 'DELETE', '/v1/instances/c1');
    expect(del).toMatchObject({ status: 200, body: { id: 'c1', deregistered: true } });
    for (const [method, path] of [
      ['GET', '/v1/instances/c1'],
      ['DELETE', '/v1/instances/c1'],
      ['PUT', '/v1/instances/c1/ttl/pass'],
    ] as const) {
      const res = await api<ErrorBody>(base, method, path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('INSTANCE_NOT_FOUND');
    }
  });
});

describe('health reports and maintenance', () => {
  it('TTL pass/warn/fail set the status and note; default listings show passing only', async () => {
    await api(base, 'PUT', '/v1/instances/c1', { body: reg('c1') });
    const warn = await api<Instance>(base, 'PUT', '/v1/instances/c1/ttl/warn', {
      body: { note: 'slow disk' },
    });
    expect(warn.body).toMatchObject({ status: 'warning', note: 'slow disk' });
    const fail = await api<Instance>(base, 'PUT', '/v1/instances/c1/ttl/fail');
    expect(fail.body.status).toBe('critical');
    expect((await api<QueryResult>(base, 'GET', '/v1/services/compass/instances')).body.instances).toEqual(
      [],
    );
    const all = await api<QueryResult>(base, 'GET', '/v1/services/compass/instances?passing=false');
    expect(all.body.instances.map((i) => i.status)).toEqual(['critical']);
    const pass = await api<Instance>(base, 'PUT', '/v1/instances/c1/ttl/pass');
    expect(pass.body.status).toBe('passing');
    const bogus = await api<ErrorBody>(base, 'PUT', '/v1/instances/c1/ttl/maybe');
    expect(bogus.status).toBe(404);
    expect(bogus.body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('maintenance on hides the instance, off brings it back', async () => {
    await api(base, 'PUT', '/v1/instances/c1', { body: reg('c1') });
    const on = await api<Instance>(base, 'PUT', '/v1/instances/c1/maintenance', {
      body: { enabled: true, reason: 'upgrade' },
    });
    expect(on.body.status).toBe('maintenance');
    expect((await api<QueryResult>(base, 'GET', '/v1/services/compass/instances')).body.instances).toEqual(
      [],
    );
    const off = await api<Instance>(base, 'PUT', '/v1/instances/c1/maintenance', {
      body: { enabled: false },
    });
    expect(off.body.status).toBe('passing');
    const bad = await api<ErrorBody>(base, 'PUT', '/v1/instances/c1/maintenance', {
      body: { enabled: 'yes' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.field).toBe('enabled');
  });
});

describe('listings', () => {
  it('lists services with counts and filters instances by tag and metadata', async () => {
    await api(base, 'PUT', '/v1/instances/c1', {
      body: reg('c1', { tags: ['gpu', 'eu'], metadata: { zone: 'a' } }),
    });
    await api(base, 'PUT', '/v1/instances/c2', {
      body: reg('c2', { port: 8081, tags: ['eu'], metadata: { zone: 'b' } }),
    });
    await api(base, 'PUT', '/v1/instances/o1', { body: reg('o1', { service: 'other' }) });
    await api(base, 'PUT', '/v1/instances/c2/ttl/fail');
    const services = await api<{ services: unknown[] }>(base, 'GET', '/v1/services');
    expect(services.headers.get('x-registry-index')).toMatch(/^\d+$/);
    expect(services.body.services).toEqual(
      expect.arrayContaining([
        { service: 'compass', instances: 2, passing: 1 },
        { service: 'other', instances: 1, passing: 1 },
      ]),
    );
    const ids = async (qs: string) =>
      (await api<QueryResult>(base, 'GET', `/v1/services/compass/instances?${qs}`)).body.instances
        .map((i) => i.id)
        .sort();
    expect(await ids('passing=false&tag=eu')).toEqual(['c1', 'c2']);
    expect(await ids('passing=false&tag=eu&tag=gpu')).toEqual(['c1']);
    expect(await ids('passing=false&meta.zone=b')).toEqual(['c2']);
    expect(await ids('meta.zone=b')).toEqual([]);
    expect(await ids('tag=missing')).toEqual([]);
  });

  it('rejects bad query parameters naming the parameter', async () => {
    for (const [qs, field] of [
      ['index=-1', 'index'],
      ['wait=30', 'wait'],
      ['passing=maybe', 'passing'],
      ['meta.zone=a&meta.zone=b', 'meta.zone'],
    ]) {
      const res = await api<ErrorBody>(base, 'GET', `/v1/services/compass/instances?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details?.field).toBe(field);
    }
  });

  it('a blocking query answers when the service changes, with the new index', async () => {
    const start = await api<QueryResult>(base, 'GET', '/v1/services/compass/instances');
    const index = Number(start.headers.get('x-registry-index'));
    expect(index).toBe(start.body.index);
    const blocked = api<QueryResult>(base, 'GET', `/v1/services/compass/instances?index=${index}&wait=2s`);
    await new Promise((r) => setTimeout(r, 50));
    await api(base, 'PUT', '/v1/instances/c9', { body: reg('c9') });
    const answer = await blocked;
    expect(answer.status).toBe(200);
    expect(answer.body.index).toBeGreaterThan(index);
    expect(answer.body.instances.map((i) => i.id)).toEqual(['c9']);
  });

  it('a blocking query with nothing new answers after its wait with the same index', async () => {
    const start = await api<QueryResult>(base, 'GET', '/v1/services/compass/instances');
    const answer = await api<QueryResult>(
      base,
      'GET',
      `/v1/services/compass/instances?index=${start.body.index}&wait=100ms`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.index).toBe(start.body.index);
  });
});

describe('envelope, health and OpenAPI', () => {
  it('echoes a sane request id and generates one otherwise', async () => {
    const mine = await api<ErrorBody>(base, 'GET', '/v1/instances/nope', {
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(mine.headers.get('x-request-id')).toBe('abc-123');
    expect(mine.body).toEqual({
      error: {
        code: 'INSTANCE_NOT_FOUND',
        message: expect.stringContaining('nope'),
        details: { id: 'nope' },
      },
      requestId: 'abc-123',
    });
    const odd = await api<ErrorBody>(base, 'GET', '/v1/nothing', { headers: { 'x-request-id': 'bad id!' } });
    expect(odd.status).toBe(404);
    expect(odd.body.error.code).toBe('ROUTE_NOT_FOUND');
    expect(odd.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(odd.headers.get('x-request-id')).toBe(odd.body.requestId);
  });

  it('serves /health and an OpenAPI document listing every route', async () => {
    const health = await api<{ status: string; index: number }>(base, 'GET', '/health', { token: null });
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    const doc = await api<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    }>(base, 'GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths).sort()).toEqual([
      '/health',
      '/v1/instances',
      '/v1/instances/{id}',
      '/v1/instances/{id}/maintenance',
      '/v1/instances/{id}/ttl/fail',
      '/v1/instances/{id}/ttl/pass',
      '/v1/instances/{id}/ttl/warn',
      '/v1/services',
      '/v1/services/{service}/instances',
    ]);
    expect(Object.keys(doc.body.paths['/v1/instances/{id}'] ?? {}).sort()).toEqual(['delete', 'get', 'put']);
    const input = doc.body.components.schemas.RegistrationInput;
    expect(Object.keys(input?.properties ?? {})).toEqual(
      expect.arrayContaining(['service', 'address', 'port', 'metadata', 'check']),
    );
  });
});
