/**
 * End-to-end behaviour of clients and a real registry server: no duplicates on restart, TTL expiry and
 * deregistration of killed instances, SQLite restarts, and repopulation of a wiped registry.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RegistryClient } from '../../src/client/registry-client.js';
import { type RegisterReason } from '../../src/client/registration.js';
import { Registry } from '../../src/core/registry.js';
import { type RegistrationInput } from '../../src/instance/types.js';
import { type RunningRegistryServer } from '../../src/http/server.js';
import { createStore } from '../../src/stores/index.js';
import { startTestServer, WRITE_TOKEN } from './harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(options: Parameters<typeof startTestServer>[0] = {}): Promise<RunningRegistryServer> {
  const server = await startTestServer(options);
  cleanups.push(() => server.close());
  return server;
}

function client(url: string): RegistryClient {
  const c = new RegistryClient({ url, token: WRITE_TOKEN, backoff: { initialMs: 10, maxMs: 50 } });
  cleanups.push(() => c.close());
  return c;
}

const input = (ttlMs: number, extra: Partial<RegistrationInput> = {}): RegistrationInput => ({
  service: 'compass',
  address: '127.0.0.1',
  port: 7001,
  check: { type: 'ttl', ttlMs },
  ...extra,
});

describe('registry lifecycle over HTTP', () => {
  it('a restarted instance (same service, address and port, no id) does not duplicate itself', async () => {
    const server = await serve();
    const first = client(server.url).register(input(5_000));
    const before = await first.whenRegistered();
    await first.close({ deregister: false }); // killed: no deregistration
    const second = client(server.url).register(input(5_000, { tags: ['restarted'] }));
    const after = await second.whenRegistered();
    expect(after.id).toBe(before.id);
    const listed = await client(server.url).listInstances('compass', { passingOnly: false });
    expect(listed.instances.map((i) => [i.id, i.tags])).toEqual([[before.id, ['restarted']]]);
  });

  it('a killed instance turns critical after its TTL and disappears after deregisterCriticalAfter', async () => {
    const registry = await Registry.open({ store: createStore('memory'), sweepIntervalMs: 20 });
    cleanups.push(() => registry.close());
    const server = await serve({ registry });
    const api = client(server.url);
    const reg = api.register(
      input(200, { check: { type: 'ttl', ttlMs: 200, deregisterCriticalAfterMs: 1_500 } }),
    );
    const { id } = await reg.whenRegistered();
    // The registry's own change events record the whole sequence, however slowly the HTTP polls below run.
    const seen: string[] = [];
    registry.on('change', (c) => {
      if (c.instance.id !== id) return;
      const what = c.type === 'deregistered' ? 'deregistered' : c.instance.status;
      if (seen.at(-1) !== what) seen.push(what);
    });
    await reg.close({ deregister: false });
    const discovery = api.discover('compass', { passingOnly: false }, { emptyGraceMs: 0, waitMs: 1_000 });
    await vi.waitFor(async () => expect((await api.getInstance(id)).status).toBe('critical'), {
      timeout: 15_000,
      interval: 25,
    });
    await vi.waitFor(
      async () => expect(await api.getInstance(id).catch((e: { status?: number }) => e.status)).toBe(404),
      { timeout: 15_000, interval: 25 },
    );
    await vi.waitFor(() => expect(discovery.current()).toEqual([]), { timeout: 15_000 });
    expect(seen.slice(-2)).toEqual(['critical', 'deregistered']);
  });

  it('a registry restarted on SQLite keeps its registrations and clients carry on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'registry-http-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = `sqlite:${join(dir, 'registry.db')}`;
    const first = await startTestServer({ store });
    const api = client(first.url);
    const reg = api.register(input(600));
    const { id } = await reg.whenRegistered();
    const discovery = api.discover('compass', {}, { waitMs: 500, idlePollMs: 20 });
    await vi.waitFor(() => expect(discovery.current().map((i) => i.id)).toEqual([id]), { timeout: 15_000 });
    await first.close();
    // While the registry is down the cache still serves the last good list.
    await vi.waitFor(() => expect(reg.state).toBe('retrying'), { timeout: 15_000 });
    expect(discovery.current().map((i) => i.id)).toEqual([id]);

    const second = await serve({ store, port: first.port });
    expect((await second.registry.get(id))?.id).toBe(id); // persisted, not re-registered yet
    const heartbeats = vi.fn();
    reg.on('heartbeat', heartbeats);
    await vi.waitFor(() => expect(heartbeats).toHaveBeenCalled(), { timeout: 15_000 });
    expect(reg.state).toBe('registered');
    expect((await second.registry.services())[0]).toMatchObject({
      service: 'compass',
      instances: 1,
      passing: 1,
    });
    const fetchedBefore = discovery.lastSuccessfulFetchAt ?? 0;
    await vi.waitFor(() => expect(discovery.lastSuccessfulFetchAt ?? 0).toBeGreaterThan(fetchedBefore), {
      timeout: 15_000,
    });
    expect(discovery.current().map((i) => i.id)).toEqual([id]);
  });

  it('a wiped registry is repopulated by its clients within one heartbeat', async () => {
    const first = await startTestServer();
    const api = client(first.url);
    const ttlMs = 3_000; // heartbeat every 900-1,000 ms
    const regs = [api.register(input(ttlMs, { port: 7001 })), api.register(input(ttlMs, { port: 7002 }))];
    await Promise.all(regs.map((r) => r.whenRegistered()));
    // Restart right after both have heartbeaten, so no heartbeat falls in the moment the port is closed (that
    // would be an outage, re-registered as 'recovered', not a wipe): the next one is at least 800 ms away.
    await Promise.all(regs.map((r) => new Promise((resolve) => r.once('heartbeat', resolve))));
    const reasons: RegisterReason[][] = regs.map(() => []);
    const beatsAfterWipe = regs.map(() => 0);
    const errorsAfterWipe: string[] = [];
    regs.forEach((r, i) => {
      r.on('error', (err) => errorsAfterWipe.push(err.code));
      r.on('registered', (_instance, reason) => reasons[i]?.push(reason));
      r.on('heartbeat', () => (beatsAfterWipe[i] = (beatsAfterWipe[i] ?? 0) + 1));
    });
    await first.close();
    const wiped = await serve({ port: first.port }); // new memory store: every registration is gone
    await vi.waitFor(() => expect(reasons.flat()).toHaveLength(2), { timeout: 10_000, interval: 10 });
    expect((await wiped.registry.services())[0]).toMatchObject({
      service: 'compass',
      instances: 2,
      passing: 2,
    });
    // Within one heartbeat: the first heartbeat after the wipe got 404 and re-registered at once, with no
    // successful heartbeat, no failure and no backoff before it.
    expect(reasons).toEqual([['not-found'], ['not-found']]);
    expect(beatsAfterWipe).toEqual([0, 0]);
    expect(errorsAfterWipe).toEqual([]);
  });
});
