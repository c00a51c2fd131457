/** Active HTTP checks run by the registry: first check at registration, thresholds, timeouts, concurrency. */
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Registry } from '../../src/core/registry.js';
import { type HttpCheckSpec, type RegistrationInput } from '../../src/instance/types.js';

const registries: Registry[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const registry of registries.splice(0)) await registry.close();
  for (const server of servers.splice(0)) await new Promise((r) => server.close(r));
});

/** A fetch answering with the scripted statuses in turn (the last one repeats), counting calls. */
function scripted(statuses: number[]) {
  const calls: string[] = [];
  const impl = (async (url: string | URL | Request) => {
    calls.push(String(url));
    const status = statuses[Math.min(calls.length - 1, statuses.length - 1)]!;
    return new Response(status === 204 ? null : 'x', { status });
  }) as typeof fetch;
  return { impl, calls };
}

async function open(fetchImpl: typeof fetch): Promise<Registry> {
  const registry = await Registry.open({ fetch: fetchImpl, sweepIntervalMs: 20 });
  registries.push(registry);
  return registry;
}

const check = (extra: Partial<HttpCheckSpec> = {}): HttpCheckSpec => ({
  type: 'http',
  url: 'http://127.0.0.1:1/health',
  intervalMs: 10,
  timeoutMs: 500,
  ...extra,
});
const input = (
  id: string,
  spec: HttpCheckSpec,
  extra: Partial<RegistrationInput> = {},
): RegistrationInput => ({
  id,
  service: 'compass',
  address: '127.0.0.1',
  port: 7000,
  check: spec,
  ...extra,
});

describe('HTTP checks', () => {
  it('an instance whose first check passes is discoverable as soon as register resolves', async () => {
    const { impl, calls } = scripted([200]);
    const registry = await open(impl);
    const instance = await registry.register(input('c1', check({ intervalMs: 60_000 })));
    expect(instance).toMatchObject({ status: 'passing', note: 'HTTP 200' });
    expect(calls).toEqual(['http://127.0.0.1:1/health']);
    expect((await registry.instances({ service: 'compass' })).instances.map((i) => i.id)).toEqual(['c1']);
  });

  it('a failing first check registers the instance critical; 429 means warning', async () => {
    const registry = await open(scripted([503]).impl);
    const down = await registry.register(input('c1', check({ intervalMs: 60_000 })));
    expect(down).toMatchObject({ status: 'critical', note: 'HTTP 503' });
    expect((await registry.instances({ service: 'compass' })).instances).toEqual([]);
    const busy = await open(scripted([429]).impl);
    expect((await busy.register(input('c2', check({ intervalMs: 60_000 })))).status).toBe('warning');
  });

  it('a target slower than timeoutMs fails the check with a timeout note', async () => {
    const hang = ((_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      )) as typeof fetch;
    const registry = await open(hang);
    const instance = await registry.register(input('c1', check({ timeoutMs: 30, intervalMs: 60_000 })));
    expect(instance).toMatchObject({ status: 'critical', note: 'timed out after 30 ms' });
  });

  it('failuresBeforeCritical and successBeforePassing need that many results in a row', async () => {
    // A new instance starts critical: two passes to become passing, then two failures in a row to fall.
    const { impl, calls } = scripted([200, 200, 500, 200, 500, 500, 200, 200]);
    const registry = await open(impl);
    const statuses: string[] = [];
    registry.on('change', (c) => statuses.push(`${c.instance.status}:${c.instance.note}`));
    await registry.register(input('c1', check({ failuresBeforeCritical: 2, successBeforePassing: 2 })));
    await vi.waitFor(() => expect(statuses).toHaveLength(8), { timeout: 15_000, interval: 5 });
    // The last status repeats: three more checks (and their results applied) emit nothing more. Waiting on
    // check calls rather than a fixed sleep holds however slow the machine is.
    const seen = calls.length;
    await vi.waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(seen + 4), {
      timeout: 15_000,
      interval: 5,
    });
    expect(statuses).toEqual([
      'critical:HTTP 200',
      'passing:HTTP 200',
      'passing:HTTP 500',
      'passing:HTTP 200',
      'passing:HTTP 500',
      'critical:HTTP 500',
      'critical:HTTP 200',
      'passing:HTTP 200',
    ]);
  });

  it('checks of different instances run concurrently, not one after another', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = (async () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await gate;
      inFlight -= 1;
      return new Response(null, { status: 204 });
    }) as typeof fetch;
    const registry = await open(slow);
    const registering = ['a', 'b', 'c'].map((id, i) =>
      registry.register(input(id, check({ timeoutMs: 5_000 }), { port: 7000 + i })),
    );
    await vi.waitFor(() => expect(inFlight).toBe(3), { timeout: 15_000 });
    release();
    const instances = await Promise.all(registering);
    expect(instances.map((i) => i.status)).toEqual(['passing', 'passing', 'passing']);
    expect(maxInFlight).toBe(3);
  });

  it('deregistration stops an instance checks; deregisterCriticalAfterMs removes an instance failing its check', async () => {
    const ok = scripted([200]);
    const registry = await open(ok.impl);
    await registry.register(input('c1', check()));
    await vi.waitFor(() => expect(ok.calls.length).toBeGreaterThan(3));
    await registry.deregister('c1');
    const count = ok.calls.length;
    await new Promise((r) => setTimeout(r, 80));
    expect(ok.calls.length).toBeLessThanOrEqual(count + 1); // at most the probe already in flight

    const failing = await open(scripted([500]).impl);
    await failing.register(input('dead', check({ deregisterCriticalAfterMs: 50 })));
    await vi.waitFor(async () => expect(await failing.get('dead')).toBeUndefined(), { timeout: 15_000 });
  });

  it('checks a real HTTP endpoint with the default fetch and follows its health', async () => {
    let status = 200;
    const server = createServer((_req, res) => {
      res.statusCode = status;
      res.end('ok');
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    const registry = await Registry.open({ sweepIntervalMs: 20 });
    registries.push(registry);
    // A generous probe timeout: the first real request of a loaded machine can take far longer than 500 ms.
    const spec = check({ url, intervalMs: 20, timeoutMs: 15_000 });
    expect(await registry.register(input('c1', spec))).toMatchObject({
      status: 'passing',
      note: 'HTTP 200 OK',
    });
    status = 503;
    await vi.waitFor(async () => expect((await registry.get('c1'))?.status).toBe('critical'), {
      timeout: 15_000,
    });
    expect((await registry.get('c1'))?.note).toBe('HTTP 503 Service Unavailable');
    status = 200;
    await vi.waitFor(async () => expect((await registry.get('c1'))?.status).toBe('passing'), {
      timeout: 15_000,
    });
  });
});
