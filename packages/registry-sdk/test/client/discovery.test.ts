/** Discovery cache against msw: watch with blocking queries, change events, staleness, empty-push protection. */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RegistryClient } from '../../src/client/registry-client.js';
import { type Instance, type InstanceSource } from '../../src/instance/types.js';
import { BASE, fakeInstance } from './fixtures.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

let client: RegistryClient;
afterEach(async () => {
  await client.close();
  server.resetHandlers();
});

type Answer = { index: number; instances: Instance[] } | 'down';

/**
 * Serves a scripted sequence of answers to the watch; after the script ends, blocking queries hang until
 * aborted (as a real registry would with nothing new). Records the `index` parameter of each call.
 */
function scripted(answers: Answer[]) {
  const indexes: Array<string | null> = [];
  server.use(
    http.get(`${BASE}/v1/services/compass/instances`, ({ request }) => {
      indexes.push(new URL(request.url).searchParams.get('index'));
      const next = answers.shift();
      if (next === 'down') return HttpResponse.error();
      if (next) return HttpResponse.json(next);
      return new Promise<Response>((resolve) =>
        request.signal.addEventListener('abort', () => resolve(HttpResponse.error())),
      );
    }),
  );
  return indexes;
}

const a = fakeInstance({ id: 'a' });
const b = fakeInstance({ id: 'b', address: '10.0.0.2' });
const newClient = () => new RegistryClient({ url: BASE, backoff: { initialMs: 5, maxMs: 10 } });

describe('Discovery', () => {
  it('fetches, then long-polls with the last index and reports changes', async () => {
    const indexes = scripted([
      { index: 3, instances: [a] },
      { index: 5, instances: [a, b] },
    ]);
    client = newClient();
    const discovery = client.discover('compass', {}, { waitMs: 1000 });
    const source: InstanceSource = discovery;
    const seen: string[][] = [];
    source.subscribe((list) => seen.push(list.map((i) => i.id)));
    await discovery.ready();
    await vi.waitFor(() => expect(seen).toEqual([['a'], ['a', 'b']]));
    expect(indexes.slice(0, 3)).toEqual([null, '3', '5']);
    expect(discovery.index).toBe(5);
    expect(source.current().map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('does not report an answer that differs only in heartbeat times', async () => {
    scripted([
      { index: 3, instances: [a] },
      { index: 4, instances: [{ ...a, lastHeartbeatAt: 999 }] },
      { index: 6, instances: [{ ...a, status: 'warning' }] },
    ]);
    client = newClient();
    const discovery = client.discover('compass');
    const changes = vi.fn();
    discovery.on('change', changes);
    await vi.waitFor(() => expect(discovery.index).toBe(6));
    expect(changes).toHaveBeenCalledTimes(2);
    expect(discovery.current()[0]?.status).toBe('warning');
  });

  it('serves the last good list while the registry is unreachable and says how stale it is', async () => {
    let clock = 1_000;
    const answers: Answer[] = [{ index: 2, instances: [a] }, 'down', 'down', 'down'];
    scripted(answers);
    client = newClient();
    const discovery = client.discover('compass', {}, { now: () => clock });
    const errors: string[] = [];
    discovery.on('error', (err) => errors.push(err.code));
    await discovery.ready();
    expect(discovery.lastSuccessfulFetchAt).toBe(1_000);
    clock = 4_500;
    await vi.waitFor(() => expect(errors.length).toBe(3));
    expect(errors).toEqual(['REGISTRY_UNREACHABLE', 'REGISTRY_UNREACHABLE', 'REGISTRY_UNREACHABLE']);
    expect(discovery.current().map((i) => i.id)).toEqual(['a']);
    expect(discovery.lastSuccessfulFetchAt).toBe(1_000);
    expect(discovery.staleForMs()).toBe(3_500);
  });

  it('ignores an empty answer after a non-empty one for the grace period, then accepts it', async () => {
    scripted([
      { index: 2, instances: [a] },
      { index: 3, instances: [] },
    ]);
    client = newClient();
    const discovery = client.discover('compass', {}, { emptyGraceMs: 150 });
    const seen: number[] = [];
    discovery.subscribe((list) => seen.push(list.length));
    await vi.waitFor(() => expect(discovery.index).toBe(3));
    expect(discovery.current().map((i) => i.id)).toEqual(['a']);
    expect(seen).toEqual([1]);
    await vi.waitFor(() => expect(seen).toEqual([1, 0]), { timeout: 15_000 });
    expect(discovery.current()).toEqual([]);
  });

  it('drops a pending empty answer when instances come back within the grace period', async () => {
    scripted([
      { index: 2, instances: [a] },
      { index: 3, instances: [] },
      { index: 4, instances: [b] },
    ]);
    client = newClient();
    const discovery = client.discover('compass', {}, { emptyGraceMs: 100 });
    const seen: string[][] = [];
    discovery.subscribe((list) => seen.push(list.map((i) => i.id)));
    await vi.waitFor(() => expect(discovery.index).toBe(4));
    await new Promise((r) => setTimeout(r, 150));
    expect(seen).toEqual([['a'], ['b']]);
  });

  it('starts over when the index goes backwards (a new registry)', async () => {
    const indexes = scripted([
      { index: 40, instances: [a] },
      { index: 2, instances: [b] },
    ]);
    client = newClient();
    const discovery = client.discover('compass', {}, { idlePollMs: 10 });
    await vi.waitFor(() => expect(indexes.length).toBe(3));
    expect(indexes).toEqual([null, '40', '2']);
    expect(discovery.current().map((i) => i.id)).toEqual(['b']);
  });

  it('returns one shared cache per service and filter, and stops polling when closed', async () => {
    const indexes = scripted([{ index: 2, instances: [a] }]);
    client = newClient();
    const first = client.discover('compass');
    expect(client.discover('compass')).toBe(first);
    expect(client.discover('compass', { tags: ['gpu'] })).not.toBe(first);
    await first.ready();
    await first.close();
    const calls = indexes.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(indexes.length).toBe(calls);
    expect(client.discover('compass')).not.toBe(first);
  });

  it('stops when its AbortSignal aborts', async () => {
    const indexes = scripted([{ index: 2, instances: [a] }]);
    client = newClient();
    const controller = new AbortController();
    const discovery = client.discover('compass', {}, { signal: controller.signal });
    await discovery.ready();
    const closed = new Promise<void>((resolve) => discovery.once('closed', () => resolve()));
    controller.abort();
    await closed;
    const calls = indexes.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(indexes.length).toBe(calls);
  });
});
