/** The ky HTTP transport against msw: status mapping, Retry-After, network errors, idempotency, with the balancer. */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Balancer } from '../src/balancer.js';
import { TransportError } from '../src/errors/errors.js';
import { httpTransport, parseRetryAfter } from '../src/http-transport.js';

const hits: string[] = [];
const server = setupServer(
  http.all('http://ok.test/*', ({ request }) => {
    hits.push(`ok ${request.method}`);
    return HttpResponse.json({ served: 'ok' });
  }),
  http.all('http://busy.test/*', ({ request }) => {
    hits.push(`busy ${request.method}`);
    return new HttpResponse('busy', { status: 503, headers: { 'retry-after': '0' } });
  }),
  http.get(
    'http://slowdown.test/*',
    () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '2' } }),
  ),
  http.get('http://missing.test/*', () => new HttpResponse('no', { status: 404 })),
  http.get('http://broken.test/*', () => HttpResponse.error()),
  http.get(
    'http://text.test/hello',
    () => new HttpResponse('hi', { headers: { 'content-type': 'text/plain' } }),
  ),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  hits.length = 0;
});
afterAll(() => server.close());

const transport = httpTransport();
const send = (host: string, path = '/v1/x', method = 'GET') =>
  transport.send(
    { id: host, url: `http://${host}`, weight: 1 },
    { method, path },
    new AbortController().signal,
  );

describe('httpTransport', () => {
  it('parses JSON and text answers and names the endpoint', async () => {
    expect(await send('ok.test')).toMatchObject({
      status: 200,
      body: { served: 'ok' },
      endpointId: 'ok.test',
    });
    expect((await send('text.test', '/hello')).body).toBe('hi');
  });

  it('maps 5xx and 429 to retryable status errors with Retry-After, 404 to a non-retryable one', async () => {
    const busy = await send('busy.test').catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(TransportError);
    expect(busy).toMatchObject({ code: 'HTTP_STATUS', status: 503, retryable: true, retryAfterMs: 0 });
    expect(await send('slowdown.test').catch((e: unknown) => e)).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 2_000,
    });
    expect(await send('missing.test').catch((e: unknown) => e)).toMatchObject({
      status: 404,
      retryable: false,
    });
  });

  it('classifies a network error as a retryable connection failure', async () => {
    expect(await send('broken.test').catch((e: unknown) => e)).toMatchObject({
      code: 'CONNECTION_RESET',
      retryable: true,
    });
  });

  it('knows which methods are idempotent and never replays a stream', () => {
    expect(transport.isIdempotent!({ path: '/' })).toBe(true);
    expect(transport.isIdempotent!({ method: 'put', path: '/' })).toBe(true);
    expect(transport.isIdempotent!({ method: 'POST', path: '/' })).toBe(false);
    expect(transport.isIdempotent!({ method: 'PUT', path: '/', body: new ReadableStream() })).toBe(false);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('balancer over HTTP', () => {
  it('retries a GET from a 503 endpoint onto a healthy one, but not a POST', async () => {
    const balancer = new Balancer({
      endpoints: ['http://busy.test', 'http://ok.test'],
      transport,
      picker: 'round-robin',
      retry: { backoff: { initialMs: 0 } },
    });
    expect((await balancer.call({ path: '/v1/x' })).body).toEqual({ served: 'ok' });
    expect(hits).toEqual(['busy GET', 'ok GET']);
    hits.length = 0;
    await balancer.call({ path: '/v1/x' }); // round-robin moves on to ok.test
    hits.length = 0;
    await expect(balancer.call({ method: 'POST', path: '/v1/x', json: {} })).rejects.toMatchObject({
      status: 503,
    });
    expect(hits).toEqual(['busy POST']);
  });
});
