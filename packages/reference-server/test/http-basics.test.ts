/** Public routes, request ids, the error envelope, security headers, CORS and body limits. */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../src/http/index.js';
import { removeDir, startTestServer, type TestServer } from './harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ corsOrigins: ['https://console.example'], limits: { jsonBytes: 1024 } });
});
afterAll(async () => {
  await s.close();
  removeDir(s.dataDir);
});

describe('public routes', () => {
  it('answers health and liveness without a key', async () => {
    expect(await (await s.call('GET', '/health', { token: null })).json()).toEqual({ status: 'ok' });
    expect(await (await s.call('GET', '/v2/health/live', { token: null })).json()).toEqual({ live: true });
  });

  it('is ready only while the default model is loaded', async () => {
    const before = await s.call('GET', '/v2/health/ready', { token: null });
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual({ ready: true, draining: false, modelLoaded: true });
    // A default that cannot be loaded (no package files) makes the server unready.
    await s.storage.putModel({
      id: 'm1',
      name: 'm',
      aliases: [],
      card: {},
      packagePath: 'x',
      sha256: 'a'.repeat(64),
      isDefault: true,
    });
    const after = await s.call('GET', '/v2/health/ready', { token: null });
    expect(after.status).toBe(503);
    expect(await after.json()).toEqual({ ready: false, draining: false, modelLoaded: false });
    await s.storage.setDefaultModel('vina');
    expect((await s.call('GET', '/v2/health/ready', { token: null })).status).toBe(200);
  });

  it('exposes Prometheus metrics labelled by route pattern and status', async () => {
    await s.call('GET', '/api/v1/tasks/nope');
    const res = await s.call('GET', '/metrics', { token: null });
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain(
      'compass_http_requests_total{method="GET",route="/api/v1/tasks/:id",status="404"} 1',
    );
    expect(text).toContain('compass_http_request_duration_seconds_bucket');
    for (const hook of [
      'compass_predictions_total',
      'compass_prediction_batch_size',
      'compass_queue_wait_seconds',
      'compass_training_jobs_total',
      'compass_execution_provider_info',
    ]) {
      expect(text).toContain(`# HELP ${hook}`);
    }
  });

  it('serves an OpenAPI document covering every API route, and a docs page', async () => {
    const doc = (await (await s.call('GET', '/openapi.json', { token: null })).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const r of API_ROUTES)
      expect(doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method]).toBeDefined();
    const body = doc.paths['/api/v1/tasks']?.post?.requestBody as {
      content: Record<string, { schema: { properties: object } }>;
    };
    expect(Object.keys(body.content['application/json']?.schema.properties ?? {})).toEqual([
      'name',
      'mode',
      'config',
    ]);
    const page = await s.call('GET', '/docs', { token: null });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/api/v1/datasets/{id}');
  });
});

describe('request handling', () => {
  it('echoes a well-formed X-Request-Id and makes one otherwise', async () => {
    const a = await s.call('GET', '/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(a.headers.get('x-request-id')).toBe('abc-123');
    const b = await s.call('GET', '/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(b.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs each request as JSON carrying its request id', async () => {
    const lines: string[] = [];
    const logged = await startTestServer({
      logger: pino({ level: 'info' }, { write: (l: string) => void lines.push(l) }),
    });
    try {
      await logged.call('GET', '/api/v1/tasks?limit=1', { headers: { 'x-request-id': 'trace-me' } });
      const entry = lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((e) => e.reqId === 'trace-me');
      expect(entry).toMatchObject({
        msg: 'request',
        method: 'GET',
        url: '/api/v1/tasks?limit=1',
        status: 200,
      });
      expect(typeof entry?.ms).toBe('number');
    } finally {
      await logged.close();
      removeDir(logged.dataDir);
    }
  });

  it('answers unknown routes with the error envelope and request id', async () => {
    const res = await s.call('GET', '/nowhere', { headers: { 'x-request-id': 'r1' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'ROUTE_NOT_FOUND', message: 'no route GET /nowhere' },
      requestId: 'r1',
    });
  });

  it('sets security headers', async () => {
    const res = await s.call('GET', '/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('allows only listed CORS origins', async () => {
    const ok = await s.call('OPTIONS', '/api/v1/tasks', {
      token: null,
      headers: { origin: 'https://console.example', 'access-control-request-method': 'POST' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://console.example');
    const other = await s.call('GET', '/health', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('maps invalid JSON to 400, wrong media type to 415 and oversize bodies to 413', async () => {
    const bad = await s.call('POST', '/api/v1/tasks', {
      body: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_JSON');
    const text = await s.call('POST', '/api/v1/tasks', {
      body: 'name=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(((await text.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await s.call('POST', '/api/v1/tasks', { body: { name: 'x'.repeat(2000) } });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string; details: unknown } }).error).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'request body is too large',
      details: { limit: 1024 },
    });
  });

  it('names the failing field of a validation error', async () => {
    const res = await s.call('POST', '/api/v1/tasks', { body: { name: 'x', config: { epochs: 0 } } });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as {
      error: { code: string; details: { issues: { path: string }[] } };
    };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.issues.map((i) => i.path)).toEqual(['body.config.epochs']);
  });
});
