/** CompassClient against msw: error mapping, retries, timeouts, aborts, pagination, uploads and event streams. */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CompassClient, isCompassClientError, type CompassClientError } from '../../src/client/index.js';

const BASE = 'http://compass.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const task = (id: string, state = 'pending') => ({
  id,
  name: `t-${id}`,
  mode: 'smoke_test',
  config: { epochs: 1, batchSize: 4, learningRate: 0.001, optimiser: 'adam', model: {} },
  state,
  progress: 0,
  error: null,
  owner: null,
  modelId: null,
  createdAt: '2026-11-29T00:00:00.000Z',
  updatedAt: '2026-11-29T00:00:00.000Z',
  startedAt: null,
  finishedAt: null,
});

const client = (extra: Partial<ConstructorParameters<typeof CompassClient>[0]> = {}) =>
  new CompassClient({ baseUrl: BASE, apiKey: 'k1', backoff: { initialMs: 1, maxMs: 2 }, ...extra });

async function failure(p: Promise<unknown>): Promise<CompassClientError> {
  try {
    await p;
  } catch (e) {
    if (isCompassClientError(e)) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('CompassClient errors', () => {
  it('maps the error envelope to status, code, requestId and retryable', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/api/v1/tasks/:id`, () => {
        calls++;
        return HttpResponse.json(
          { error: { code: 'TASK_NOT_FOUND', message: 'no task x', details: { id: 'x' } }, requestId: 'r-1' },
          { status: 404 },
        );
      }),
    );
    const e = await failure(client().tasks.get('x'));
    expect(e).toMatchObject({ status: 404, code: 'TASK_NOT_FOUND', requestId: 'r-1', retryable: false });
    expect(e.message).toBe('no task x');
    expect(e.details).toEqual({ id: 'x' });
    expect(calls).toBe(1);
    expect(isCompassClientError(new Error('x'))).toBe(false);
  });

  it('retries idempotent calls on 503 and succeeds, sending the bearer key', async () => {
    const auth: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/api/v1/tasks/:id`, ({ request }) => {
        auth.push(request.headers.get('authorization'));
        return auth.length < 3
          ? new HttpResponse('busy', { status: 503, headers: { 'retry-after': '0' } })
          : HttpResponse.json(task('a'));
      }),
    );
    const t = await client().tasks.get('a');
    expect(t.id).toBe('a');
    expect(auth).toEqual(['Bearer k1', 'Bearer k1', 'Bearer k1']);
  });

  it('gives up after maxRetries with the last error, retryable and coded HTTP_503', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/api/v1/tasks/:id`, () => {
        calls++;
        return new HttpResponse('busy', { status: 503, headers: { 'x-request-id': 'h-9' } });
      }),
    );
    const e = await failure(client({ maxRetries: 1 }).tasks.get('a'));
    expect(e).toMatchObject({ status: 503, code: 'HTTP_503', retryable: true, requestId: 'h-9' });
    expect(calls).toBe(2);
  });

  it('never retries a non-idempotent create', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/api/v1/tasks`, () => {
        calls++;
        return new HttpResponse(null, { status: 500 });
      }),
    );
    const e = await failure(client().tasks.create({ name: 'x' }));
    expect(e.status).toBe(500);
    expect(calls).toBe(1);
  });

  it('times out an attempt with CLIENT_TIMEOUT', async () => {
    server.use(
      http.get(`${BASE}/health`, async () => {
        await new Promise((r) => setTimeout(r, 500));
        return HttpResponse.json({ status: 'ok' });
      }),
    );
    const e = await failure(client({ maxRetries: 0 }).health({ timeoutMs: 30 }));
    expect(e).toMatchObject({ code: 'CLIENT_TIMEOUT', retryable: true });
  });

  it('aborts with CLIENT_ABORTED when the caller signal fires', async () => {
    server.use(
      http.get(`${BASE}/health`, async () => {
        await new Promise((r) => setTimeout(r, 500));
        return HttpResponse.json({ status: 'ok' });
      }),
    );
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 20);
    const e = await failure(client().health({ signal: ctl.signal }));
    expect(e).toMatchObject({ code: 'CLIENT_ABORTED', retryable: false });
  });

  it('reports a body that breaks the schema as CLIENT_BAD_RESPONSE', async () => {
    server.use(http.get(`${BASE}/api/v1/tasks/:id`, () => HttpResponse.json({ id: 'a' })));
    const e = await failure(client().tasks.get('a'));
    expect(e.code).toBe('CLIENT_BAD_RESPONSE');
  });

  it('reports a refused connection as retryable CLIENT_CONNECTION', async () => {
    server.use(http.get(`${BASE}/health`, () => HttpResponse.error()));
    const e = await failure(client({ maxRetries: 0 }).health());
    expect(e).toMatchObject({ code: 'CLIENT_CONNECTION', retryable: true });
  });

  it('answers readiness 503 with its body instead of throwing', async () => {
    server.use(
      http.get(`${BASE}/v2/health/ready`, () =>
        HttpResponse.json({ ready: false, draining: false, modelLoaded: false }, { status: 503 }),
      ),
    );
    expect(await client().ready()).toEqual({ ready: false, draining: false, modelLoaded: false });
  });
});

describe('CompassClient lists, uploads and streams', () => {
  it('iterates every page with the cursor and filters', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/api/v1/tasks`, ({ request }) => {
        const url = new URL(request.url);
        seen.push(url.search);
        const cursor = url.searchParams.get('cursor');
        if (!cursor) return HttpResponse.json({ items: [task('1'), task('2')], nextCursor: 'c2' });
        return HttpResponse.json({ items: [task('3')], nextCursor: null });
      }),
    );
    const ids: string[] = [];
    for await (const t of client().tasks.iterate({ state: ['running', 'paused'], limit: 2 })) ids.push(t.id);
    expect(ids).toEqual(['1', '2', '3']);
    expect(seen).toEqual(['?state=running%2Cpaused&limit=2', '?state=running%2Cpaused&limit=2&cursor=c2']);
  });

  it('uploads a buffer as multipart with fields and exact progress', async () => {
    let received: { name: unknown; file: string; fileName: string } | undefined;
    server.use(
      http.post(`${BASE}/api/v1/datasets`, async ({ request }) => {
        const form = await request.formData();
        const file = form.get('file') as File;
        received = { name: form.get('name'), file: await file.text(), fileName: file.name };
        return HttpResponse.json(
          {
            id: 'd1',
            name: 'toy',
            description: '',
            status: 'pending',
            reason: null,
            file: null,
            counts: {},
            createdAt: 'x',
            updatedAt: 'x',
          },
          { status: 202 },
        );
      }),
    );
    const progress: number[] = [];
    const ds = await client().datasets.upload(new TextEncoder().encode('hello archive'), {
      name: 'toy',
      fileName: 'toy.zip',
      onProgress: (p) => progress.push(p.percent),
    });
    expect(ds.id).toBe('d1');
    expect(received).toEqual({ name: 'toy', file: 'hello archive', fileName: 'toy.zip' });
    expect(progress.at(-1)).toBe(1);
    expect(progress.length).toBe(3);
  });

  it('reads task events until end, resuming with Last-Event-ID after a drop', async () => {
    const lastIds: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/api/v1/tasks/:id/events`, ({ request }) => {
        lastIds.push(request.headers.get('last-event-id'));
        const body =
          lastIds.length === 1
            ? 'id: 1\nevent: state\ndata: {"state":"running"}\n\nid: 2\nevent: progress\ndata: {"progress":0.5}\n\n'
            : 'id: 3\nevent: log\ndata: {"message":"epoch 1"}\n\nid: 4\nevent: end\ndata: {"state":"succeeded"}\n\n';
        return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } });
      }),
    );
    const events = [];
    for await (const e of client().tasks.events('t1')) events.push(e);
    expect(events.map((e) => [e.event, e.id])).toEqual([
      ['state', '1'],
      ['progress', '2'],
      ['log', '3'],
      ['end', '4'],
    ]);
    expect(events[1]!.data).toEqual({ progress: 0.5 });
    expect(lastIds).toEqual([null, '2']);
  });
});
