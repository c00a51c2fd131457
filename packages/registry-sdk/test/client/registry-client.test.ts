/** RegistryClient's one-shot calls against msw: paths, bodies, auth header, query strings, retries, error mapping. */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/client/registry-client.js';
import {
  RegistryAbortedError,
  RegistryNotFoundError,
  RegistryRequestError,
  RegistryServerError,
} from '../../src/client/errors.js';
import { BASE, envelope, fakeInstance } from './fixtures.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = new RegistryClient({ url: BASE, token: 'tok-1', maxRetries: 2 });

describe('RegistryClient calls', () => {
  it('PUTs a registration with the bearer token, under the given id or the derived route', async () => {
    const seen: Array<{ url: string; auth: string | null; body: unknown }> = [];
    server.use(
      http.put(`${BASE}/v1/instances*`, async ({ request }) => {
        seen.push({
          url: request.url,
          auth: request.headers.get('authorization'),
          body: await request.json(),
        });
        return HttpResponse.json(fakeInstance({ id: 'a b' }));
      }),
    );
    const input = { service: 'compass', address: '10.0.0.1', port: 8080 };
    await expect(client.putInstance({ ...input, id: 'a b' })).resolves.toMatchObject({ id: 'a b' });
    await client.putInstance(input);
    expect(seen).toEqual([
      { url: `${BASE}/v1/instances/a%20b`, auth: 'Bearer tok-1', body: { ...input, id: 'a b' } },
      { url: `${BASE}/v1/instances`, auth: 'Bearer tok-1', body: input },
    ]);
  });

  it('encodes filters and blocking parameters of listInstances', async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${BASE}/v1/services/compass/instances`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json({ index: 9, instances: [fakeInstance()] });
      }),
    );
    const result = await client.listInstances(
      'compass',
      { passingOnly: false, tags: ['gpu', 'eu'], metadata: { zone: 'a' } },
      { index: 4, waitMs: 1500 },
    );
    expect(result.index).toBe(9);
    expect(url?.searchParams.get('passing')).toBe('false');
    expect(url?.searchParams.getAll('tag')).toEqual(['gpu', 'eu']);
    expect(url?.searchParams.get('meta.zone')).toBe('a');
    expect(url?.searchParams.get('index')).toBe('4');
    expect(url?.searchParams.get('wait')).toBe('1500ms');
  });

  it('sends ttl reports and maintenance bodies', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.put(`${BASE}/v1/instances/x/ttl/warn`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(fakeInstance({ status: 'warning' }));
      }),
      http.put(`${BASE}/v1/instances/x/maintenance`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(fakeInstance({ status: 'maintenance' }));
      }),
    );
    expect((await client.reportTtl('x', 'warn', 'slow disk')).status).toBe('warning');
    expect((await client.setMaintenance('x', true, 'upgrade')).status).toBe('maintenance');
    expect(bodies).toEqual([{ note: 'slow disk' }, { enabled: true, reason: 'upgrade' }]);
  });

  it('retries 503 up to maxRetries, then throws the mapped error', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/v1/services`, () => {
        calls += 1;
        return HttpResponse.json(envelope('STORE_UNAVAILABLE', 'store down', `r${calls}`), { status: 503 });
      }),
    );
    const err = await client.listServices().catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(err).toBeInstanceOf(RegistryServerError);
    expect(err).toMatchObject({ status: 503, code: 'STORE_UNAVAILABLE', requestId: 'r3', retryable: true });
  });

  it('succeeds when a retry succeeds, and never retries a 400', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/v1/services`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json(envelope('X', 'x'), { status: 500 })
          : HttpResponse.json({ services: [{ service: 'compass', instances: 2, passing: 1 }] });
      }),
      http.put(`${BASE}/v1/instances/bad`, () => {
        calls += 100;
        return HttpResponse.json(
          envelope('VALIDATION_FAILED', 'body.port: too big', 'r', { field: 'port' }),
          {
            status: 400,
          },
        );
      }),
    );
    expect(await client.listServices()).toEqual([{ service: 'compass', instances: 2, passing: 1 }]);
    expect(calls).toBe(2);
    const err = await client
      .putInstance({ id: 'bad', service: 's', address: 'a', port: 1e6 })
      .catch((e: unknown) => e);
    expect(calls).toBe(102);
    expect(err).toBeInstanceOf(RegistryRequestError);
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'port' }, retryable: false });
  });

  it('maps 404 and a non-JSON success body', async () => {
    server.use(
      http.get(`${BASE}/v1/instances/gone`, () =>
        HttpResponse.json(envelope('INSTANCE_NOT_FOUND', 'no instance'), { status: 404 }),
      ),
      http.get(`${BASE}/health`, () => new HttpResponse('not json', { status: 200 })),
    );
    await expect(client.getInstance('gone')).rejects.toBeInstanceOf(RegistryNotFoundError);
    await expect(client.health()).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 200 });
  });

  it('honours an AbortSignal', async () => {
    server.use(http.get(`${BASE}/health`, () => new Promise<never>(() => undefined)));
    const controller = new AbortController();
    const pending = client.health({ signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(RegistryAbortedError);
  });
});
