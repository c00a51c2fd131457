/** The registry's v0 API against a real server on 127.0.0.1: every route, shape, status word and failure path. */
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFromArgs, startupLine } from '../../src/cli/options.js';
import { Registry } from '../../src/core/registry.js';
import { type RunningRegistryServer } from '../../src/http/server.js';
import { addressAllowList, InvalidAllowEntryError, naiveIso, type V0ServiceInfo } from '../../src/index.js';
import { api, startTestServer } from '../http/harness.js';

/** Python's `datetime.fromisoformat` before 3.11: no zone suffix, 6 fractional digits. */
const NAIVE_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;

/** A stand-in service whose `/health` answers `status` (changeable). */
async function healthServer(): Promise<{ server: Server; port: number; setStatus(s: number): void }> {
  let status = 200;
  const server = createServer((req, res) => {
    res.statusCode = req.url === '/health' ? status : 404;
    res.end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, setStatus: (s) => (status = s) };
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

let registry: Registry;
let server: RunningRegistryServer;
let svc: Awaited<ReturnType<typeof healthServer>>;
let base: string;
const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
  api<T>(base, method, path, { token: null, ...(body === undefined ? {} : { body }) });

beforeAll(async () => {
  svc = await healthServer();
  registry = await Registry.open({ sweepIntervalMs: 25 });
  server = await startTestServer({
    registry,
    v0: { ttlMs: 300, deregisterAfterMs: 200, probeTimeoutMs: 500 },
  });
  base = server.url;
});
afterAll(async () => {
  await server.close();
  await registry.close();
  svc.server.close();
});

const register = (extra: Record<string, unknown> = {}) =>
  call<{ service_id: string; message: string; registered_at: string }>('POST', '/api/v1/services/register', {
    service_name: 'compass-service',
    host: '127.0.0.1',
    port: svc.port,
    ...extra,
  });

describe('v0 registry API', () => {
  it('GET /health answers the v0 body with a naive timestamp', async () => {
    const { status, body } = await call<Record<string, unknown>>('GET', '/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'healthy', message: 'Service registry is running' });
    expect(body.timestamp).toMatch(NAIVE_ISO);
    expect(typeof body.index).toBe('number');
  });

  it('registers, probes /health, and lists the service as healthy with every ServiceInfo field', async () => {
    const metadata = { gpu: true, models: ['a', 'b'], load: 0.5, nested: { x: null }, zone: 'lab' };
    const reg = await register({ metadata, version: '2.1.0' });
    expect(reg.status).toBe(200);
    expect(reg.body.service_id).toMatch(/^compass-service-[0-9a-f]{8}$/);
    expect(reg.body.message).toBe('Service compass-service registered successfully');
    expect(reg.body.registered_at).toMatch(NAIVE_ISO);
    const id = reg.body.service_id;
    const info = await until(
      async () => (await call<V0ServiceInfo>('GET', `/api/v1/services/${id}`)).body,
      (b) => b.status === 'healthy',
    );
    expect(info).toEqual({
      service_name: 'compass-service',
      service_id: id,
      host: '127.0.0.1',
      port: svc.port,
      base_url: `http://127.0.0.1:${svc.port}`,
      status: 'healthy',
      metadata,
      registered_at: reg.body.registered_at,
      last_heartbeat: info.last_heartbeat,
      version: '2.1.0',
    });
    expect(info.last_heartbeat).toMatch(NAIVE_ISO);
    const healthy = await call<{ services: V0ServiceInfo[]; count: number }>(
      'GET',
      '/api/v1/services?service_name=compass-service&status_filter=healthy',
    );
    expect(healthy.body.services.map((s) => s.service_id)).toContain(id);
    expect(healthy.body.count).toBe(healthy.body.services.length);
    // The same instance is first-class in our own API: passing, tagged v0, string metadata kept as is.
    const ours = await api<{
      instances: Array<{ id: string; tags: string[]; metadata: Record<string, string> }>;
    }>(base, 'GET', '/v1/services/compass-service/instances');
    const mine = ours.body.instances.find((i) => i.id === id);
    expect(mine?.tags).toEqual(['v0']);
    expect(mine?.metadata.zone).toBe('lab');
    await call('DELETE', `/api/v1/services/${id}`);
  });

  it('is unknown until its first probe answers, and unhealthy when /health fails on a heartbeat', async () => {
    // A port nobody listens on after the probe timeout: the probe cannot have answered yet right after registering.
    const slow = await registry.register({
      id: 'slow-1',
      service: 'slow',
      address: '127.0.0.1',
      port: svc.port,
      check: { type: 'ttl', ttlMs: 60_000 },
      status: 'critical',
    });
    expect((await call<V0ServiceInfo>('GET', `/api/v1/services/${slow.id}`)).body.status).toBe('unknown');
    await registry.deregister(slow.id);

    const reg = await register();
    const id = reg.body.service_id;
    await until(
      async () => (await call<V0ServiceInfo>('GET', `/api/v1/services/${id}`)).body.status,
      (s) => s === 'healthy',
    );
    svc.setStatus(500);
    try {
      const beat = await call<{ message: string; timestamp: string }>(
        'POST',
        `/api/v1/services/${id}/heartbeat`,
      );
      expect(beat.status).toBe(200);
      expect(beat.body.message).toBe('Heartbeat updated');
      expect(beat.body.timestamp).toMatch(NAIVE_ISO);
      expect((await call<V0ServiceInfo>('GET', `/api/v1/services/${id}`)).body.status).toBe('unhealthy');
      const unhealthy = await call<{ services: V0ServiceInfo[] }>(
        'GET',
        '/api/v1/services?status_filter=unhealthy',
      );
      expect(unhealthy.body.services.map((s) => s.service_id)).toContain(id);
      const healthy = await call<{ services: V0ServiceInfo[] }>(
        'GET',
        '/api/v1/services?status_filter=healthy',
      );
      expect(healthy.body.services.map((s) => s.service_id)).not.toContain(id);
      // An unknown filter word is ignored, as in the original.
      const all = await call<{ services: V0ServiceInfo[] }>('GET', '/api/v1/services?status_filter=sideways');
      expect(all.body.services.map((s) => s.service_id)).toContain(id);
    } finally {
      svc.setStatus(200);
    }
    await call('POST', `/api/v1/services/${id}/heartbeat`);
    expect((await call<V0ServiceInfo>('GET', `/api/v1/services/${id}`)).body.status).toBe('healthy');
    const del = await call('DELETE', `/api/v1/services/${id}`);
    expect(del).toMatchObject({ status: 200, body: { message: `Service ${id} deregistered successfully` } });
  });

  it('removes a v0 registration that stops heartbeating, per the TTL rules', async () => {
    const id = (await register()).body.service_id;
    await until(
      async () => (await call<V0ServiceInfo>('GET', `/api/v1/services/${id}`)).body.status,
      (s) => s === 'healthy',
    );
    // ttl 300 ms + deregister after 200 ms critical, swept every 25 ms.
    const gone = await until(
      async () => (await call('GET', `/api/v1/services/${id}`)).status,
      (s) => s === 404,
      3000,
    );
    expect(gone).toBe(404);
    expect((await call('POST', `/api/v1/services/${id}/heartbeat`)).status).toBe(404);
  });

  it('answers unknown ids with 404 {detail}', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/services/nope-00000000'],
      ['POST', '/api/v1/services/nope-00000000/heartbeat'],
      ['DELETE', '/api/v1/services/nope-00000000'],
    ] as const) {
      const res = await call(method, path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: 'Service nope-00000000 not found' });
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });

  it('answers invalid registrations with 422 and FastAPI issues naming the field', async () => {
    const missing = await call<{ detail: Array<{ type: string; loc: unknown[]; msg: string }> }>(
      'POST',
      '/api/v1/services/register',
      { service_name: 'compass-service', host: '127.0.0.1' },
    );
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toEqual([{ type: 'missing', loc: ['body', 'port'], msg: 'Field required' }]);
    const wrong = await call<{ detail: Array<{ loc: unknown[] }> }>('POST', '/api/v1/services/register', {
      service_name: 'compass-service',
      host: '127.0.0.1',
      port: 'eighty',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.detail[0]?.loc).toEqual(['body', 'port']);
    // Past the core's limits (a value over 512 characters): still a 422 naming the field.
    const big = await call<{ detail: Array<{ loc: unknown[] }> }>('POST', '/api/v1/services/register', {
      service_name: 'compass-service',
      host: '127.0.0.1',
      port: 1,
      metadata: { models: 'x'.repeat(600) },
    });
    expect(big.status).toBe(422);
    expect(big.body.detail[0]?.loc).toEqual(['body', 'metadata', 'models']);
    const reserved = await register({ metadata: { 'v0.jsonKeys': 'x' } });
    expect(reserved.status).toBe(422);
    const badJson = await api(base, 'POST', '/api/v1/services/register', {
      token: null,
      body: '{"service_name":',
    });
    expect(badJson.status).toBe(422);
    expect(badJson.body).toEqual({
      detail: [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error' }],
    });
  });

  it('lists every service when service_name is absent, and v1-registered instances too', async () => {
    await registry.register({ id: 'plain-1', service: 'plain', address: '10.0.0.9', url: 'http://10.0.0.9' });
    const all = await call<{ services: V0ServiceInfo[] }>('GET', '/api/v1/services');
    const plain = all.body.services.find((s) => s.service_id === 'plain-1');
    expect(plain).toMatchObject({
      port: 80,
      base_url: 'http://10.0.0.9:80',
      status: 'healthy',
      version: '1.0.0',
    });
    await registry.deregister('plain-1');
  });
});

describe('v0 helpers and CLI', () => {
  it('writes naive ISO times with microseconds', () => {
    expect(naiveIso(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe('2026-01-02T03:04:05.678000');
  });

  it('allows loopback always, listed addresses and subnets, and refuses bad entries', () => {
    const allowed = addressAllowList(['192.168.1.0/24', '10.0.0.7', 'fd00::/8']);
    expect(allowed('127.0.0.1')).toBe(true);
    expect(allowed('::1')).toBe(true);
    expect(allowed('::ffff:127.0.0.1')).toBe(true);
    expect(allowed('::ffff:192.168.1.20')).toBe(true);
    expect(allowed('10.0.0.7')).toBe(true);
    expect(allowed('10.0.0.8')).toBe(false);
    expect(allowed('fd12::1')).toBe(true);
    expect(allowed(undefined)).toBe(false);
    expect(() => addressAllowList(['nope'])).toThrow(InvalidAllowEntryError);
    expect(() => addressAllowList(['10.0.0.0/40'])).toThrow('10.0.0.0/40');
  });

  it('--v0-api turns the v0 routes on with the allow-list and TTL, and says so at start-up', () => {
    const plan = planFromArgs(['-t', 'tok', '--v0-api', '--v0-allow', '10.0.0.0/8', '--v0-ttl', '30000'], {});
    expect(plan.server.v0).toEqual({ allow: ['10.0.0.0/8'], ttlMs: 30_000, deregisterAfterMs: 30_000 });
    expect(startupLine('http://127.0.0.1:8500', plan)).toContain(
      'v0 API ON: keyless v0 writes from loopback and 10.0.0.0/8',
    );
    expect(planFromArgs(['-t', 'tok'], {}).server.v0).toBeUndefined();
    let err = '';
    expect(() => planFromArgs(['--v0-api', '--v0-allow', 'lan'], {}, (t) => (err += t))).toThrow();
    expect(err).toContain('allow-list entry "lan" is not an IP address');
  });

  it('without v0 the routes are absent and /health keeps its own body', async () => {
    const plain = await startTestServer();
    try {
      expect((await api(plain.url, 'GET', '/health')).body).toMatchObject({ status: 'ok' });
      expect((await api(plain.url, 'GET', '/api/v1/services')).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
