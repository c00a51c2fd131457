/**
 * The store conformance suite: one set of behaviours every store must show through the Registry
 * (register, replace, deregister, TTL, maintenance, queries, filters, blocking queries, watches, restarts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isRegistryError } from '../../src/errors.js';
import { Registry } from '../../src/core/registry.js';
import { type QueryResult, type RegistrationInput, type RegistryChange } from '../../src/instance/types.js';
import { type RegistryStore } from '../../src/stores/store.js';

/** Fresh, empty storage for one test; `open()` makes a new store object over it. */
export interface StoreFixture {
  open(): RegistryStore;
  cleanup(): Promise<void>;
}

/** What a store promises beyond the basics. */
export interface StoreCapabilities {
  /** A store opened again on the same storage sees what an earlier (closed) one wrote. */
  readonly persistent: boolean;
  /** Two stores open at once on the same storage share one view, changes included (several registry nodes). */
  readonly shared: boolean;
}

const base = (extra: Partial<RegistrationInput> = {}): RegistrationInput => ({
  service: 'compass',
  address: '10.0.0.1',
  port: 8080,
  ...extra,
});
const ttl = (ttlMs: number, deregisterCriticalAfterMs?: number) =>
  ({
    type: 'ttl',
    ttlMs,
    ...(deregisterCriticalAfterMs === undefined ? {} : { deregisterCriticalAfterMs }),
  }) as const;
const ids = (result: QueryResult) => result.instances.map((i) => i.id);

/** Registers the suite for one store. */
export function describeStoreConformance(
  name: string,
  makeFixture: () => Promise<StoreFixture>,
  capabilities: StoreCapabilities,
): void {
  describe(`store conformance: ${name}`, () => {
    let fixture: StoreFixture;
    let now: number;
    const registries: Registry[] = [];
    const open = async () => {
      // Sweeps are run by hand (registry.sweep()) against the injected clock; the timer never fires in a test.
      const registry = await Registry.open({
        store: fixture.open(),
        now: () => now,
        sweepIntervalMs: 3_600_000,
      });
      registries.push(registry);
      return registry;
    };

    beforeEach(async () => {
      now = 1_700_000_000_000;
      fixture = await makeFixture();
    });
    afterEach(async () => {
      for (const registry of registries.splice(0)) await registry.close();
      await fixture.cleanup();
    });

    describe('registration', () => {
      it('registers an instance that is passing and discoverable at once, with defaults filled in', async () => {
        const registry = await open();
        const instance = await registry.register(base({ id: 'c1', check: ttl(10_000) }));
        expect(instance).toEqual({
          id: 'c1',
          service: 'compass',
          address: '10.0.0.1',
          port: 8080,
          tags: [],
          metadata: {},
          weight: 1,
          status: 'passing',
          health: 'passing',
          draining: false,
          check: { type: 'ttl', ttlMs: 10_000 },
          registeredAt: now,
          lastHeartbeatAt: now,
        });
        expect(await registry.get('c1')).toEqual(instance);
        expect(ids(await registry.instances({ service: 'compass' }))).toEqual(['c1']);
      });

      it('the same service, address and port get the same derived id; re-registering replaces, keeping registeredAt', async () => {
        const registry = await open();
        const first = await registry.register(base({ tags: ['a'] }));
        now += 5_000;
        const second = await registry.register(base({ tags: ['b'], version: '2.0.0' }));
        expect(second.id).toBe(first.id);
        expect(second).toMatchObject({
          registeredAt: first.registeredAt,
          lastHeartbeatAt: now,
          tags: ['b'],
          version: '2.0.0',
        });
        const other = await registry.register(base({ port: 8081 }));
        expect(other.id).not.toBe(first.id);
        const all = await registry.instances({ service: 'compass', passingOnly: false });
        expect(all.instances).toHaveLength(2);
        expect(await registry.services()).toEqual([{ service: 'compass', instances: 2, passing: 2 }]);
      });

      it('re-registering an explicit id under another service moves it, waking watchers of the old service', async () => {
        const registry = await open();
        await registry.register(base({ id: 'c1' }));
        const old = await registry.instances({ service: 'compass' });
        const pending = registry.query({ service: 'compass' }, { index: old.index, waitMs: 10_000 });
        await registry.register(base({ id: 'c1', service: 'renamed' }));
        expect(ids(await pending)).toEqual([]);
        expect(ids(await registry.instances({ service: 'renamed' }))).toEqual(['c1']);
        expect(await registry.services()).toEqual([{ service: 'renamed', instances: 1, passing: 1 }]);
      });

      it('refuses invalid input with INVALID_REGISTRATION naming the field, and stores nothing', async () => {
        const registry = await open();
        const cases: Array<[unknown, string]> = [
          [{ ...base(), port: 0 }, 'port'],
          [{ ...base(), port: 80.5 }, 'port'],
          [{ ...base(), service: 'bad name!' }, 'service'],
          [{ ...base(), weight: 0 }, 'weight'],
          [{ ...base(), tags: Array.from({ length: 33 }, (_, i) => `t${i}`) }, 'tags'],
          [{ ...base(), metadata: { k: 'x'.repeat(513) } }, 'metadata.k'],
          [
            { ...base(), metadata: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])) },
            'metadata',
          ],
          [{ ...base(), check: { type: 'ttl', ttlMs: -5 } }, 'check.ttlMs'],
          [{ ...base(), surprise: true }, ''],
        ];
        for (const [input, field] of cases) {
          const err = await registry.register(input as RegistrationInput).catch((e: unknown) => e);
          expect(isRegistryError(err) && err.code, JSON.stringify(input).slice(0, 80)).toBe(
            'INVALID_REGISTRATION',
          );
          expect((err as { details: { field: string } }).details.field).toBe(field);
        }
        expect(await registry.services()).toEqual([]);
      });

      it('deregister removes an instance and answers false for unknown ids; unknown ids raise INSTANCE_NOT_FOUND', async () => {
        const registry = await open();
        await registry.register(base({ id: 'c1' }));
        expect(await registry.deregister('c1')).toBe(true);
        expect(await registry.deregister('c1')).toBe(false);
        expect(await registry.get('c1')).toBeUndefined();
        for (const call of [
          () => registry.ttlUpdate('c1', 'pass'),
          () => registry.setMaintenance('c1', true),
        ]) {
          const err = await call().catch((e: unknown) => e);
          expect(isRegistryError(err) && err.code).toBe('INSTANCE_NOT_FOUND');
        }
      });
    });

    describe('TTL checks and deregistration of dead instances', () => {
      it('pass, warn and fail set status and note; only passing instances are discoverable by default', async () => {
        const registry = await open();
        await registry.register(base({ id: 'c1', check: ttl(10_000) }));
        expect(await registry.ttlUpdate('c1', 'warn', 'slow disk')).toMatchObject({
          status: 'warning',
          note: 'slow disk',
        });
        expect(ids(await registry.instances({ service: 'compass' }))).toEqual([]);
        now += 10;
        const failed = await registry.ttlUpdate('c1', 'fail');
        expect(failed).toMatchObject({ status: 'critical', criticalSince: now });
        expect(failed.note).toBeUndefined();
        const passed = await registry.ttlUpdate('c1', 'pass');
        expect(passed.status).toBe('passing');
        expect(passed.criticalSince).toBeUndefined();
        expect(ids(await registry.instances({ service: 'compass' }))).toEqual(['c1']);
      });

      it('silence past the TTL makes an instance critical; the sweep never refreshes its heartbeat', async () => {
        const registry = await open();
        const registered = await registry.register(base({ id: 'c1', check: ttl(1_000) }));
        now += 1_000;
        await registry.sweep();
        expect((await registry.get('c1'))?.status).toBe('passing'); // exactly at the TTL: still alive
        now += 1;
        await registry.sweep();
        const expired = await registry.get('c1');
        expect(expired).toMatchObject({
          status: 'critical',
          criticalSince: now,
          lastHeartbeatAt: registered.lastHeartbeatAt,
        });
        now += 5_000;
        await registry.sweep();
        await registry.sweep();
        expect((await registry.get('c1'))?.lastHeartbeatAt).toBe(registered.lastHeartbeatAt);
        expect(ids(await registry.instances({ service: 'compass' }))).toEqual([]);
        await registry.ttlUpdate('c1', 'pass');
        expect(ids(await registry.instances({ service: 'compass' }))).toEqual(['c1']);
      });

      it('deregisterCriticalAfterMs removes an instance that stayed critical that long', async () => {
        const registry = await open();
        await registry.register(base({ id: 'dead', check: ttl(100, 500) }));
        await registry.register(base({ id: 'alive', port: 9, check: ttl(100, 500) }));
        now += 101;
        await registry.ttlUpdate('alive', 'pass');
        await registry.sweep();
        expect((await registry.get('dead'))?.status).toBe('critical');
        now += 499;
        await registry.ttlUpdate('alive', 'pass');
        await registry.sweep();
        expect(await registry.get('dead')).toBeDefined();
        now += 1;
        await registry.sweep();
        expect(await registry.get('dead')).toBeUndefined();
        expect((await registry.get('alive'))?.status).toBe('passing');
      });
    });

    describe('maintenance (draining)', () => {
      it('a draining instance is hidden from passing queries, keeps its health, and comes back when enabled is false', async () => {
        const registry = await open();
        await registry.register(base({ id: 'c1', check: ttl(10_000) }));
        await registry.ttlUpdate('c1', 'warn', 'busy');
        const drained = await registry.setMaintenance('c1', true, 'upgrade');
        expect(drained).toMatchObject({
          status: 'maintenance',
          draining: true,
          health: 'warning',
          maintenanceReason: 'upgrade',
        });
        expect(ids(await registry.instances({ service: 'compass', passingOnly: false }))).toEqual(['c1']);
        await registry.ttlUpdate('c1', 'pass');
        expect(await registry.get('c1')).toMatchObject({ status: 'maintenance', health: 'passing' });
        expect(ids(await registry.instances({ service: 'compass' }))).toEqual([]);
        // A restarted instance re-registering does not undo the operator's drain.
        await registry.register(base({ id: 'c1', check: ttl(10_000) }));
        expect((await registry.get('c1'))?.draining).toBe(true);
        expect(await registry.services()).toEqual([{ service: 'compass', instances: 1, passing: 0 }]);
        const back = await registry.setMaintenance('c1', false);
        expect(back).toMatchObject({ status: 'passing', draining: false });
        expect(back.maintenanceReason).toBeUndefined();
        expect(ids(await registry.instances({ service: 'compass' }))).toEqual(['c1']);
      });

      it('status "maintenance" at registration registers the instance drained', async () => {
        const registry = await open();
        expect(await registry.register(base({ id: 'c1', status: 'maintenance' }))).toMatchObject({
          status: 'maintenance',
          draining: true,
          health: 'passing',
        });
      });
    });

    describe('queries and filters', () => {
      it('filters by service, passing status, every listed tag and exact metadata values', async () => {
        const registry = await open();
        await registry.register(base({ id: 'c1', tags: ['gpu', 'eu'], metadata: { zone: 'a', tier: 'x' } }));
        await registry.register(
          base({ id: 'c2', port: 2, tags: ['eu'], metadata: { zone: 'b' }, check: ttl(1000) }),
        );
        await registry.register(base({ id: 'c3', port: 3, tags: ['gpu'], metadata: { zone: 'a' } }));
        await registry.register(base({ id: 'o1', service: 'other' }));
        await registry.ttlUpdate('c2', 'fail');
        const q = async (query: Partial<Parameters<Registry['instances']>[0]>) =>
          ids(await registry.instances({ service: 'compass', ...query }));
        expect(await q({})).toEqual(['c1', 'c3']);
        expect(await q({ passingOnly: false })).toEqual(['c1', 'c2', 'c3']);
        expect(await q({ passingOnly: false, tags: ['eu'] })).toEqual(['c1', 'c2']);
        expect(await q({ tags: ['eu', 'gpu'] })).toEqual(['c1']);
        expect(await q({ metadata: { zone: 'a' } })).toEqual(['c1', 'c3']);
        expect(await q({ metadata: { zone: 'a', tier: 'x' } })).toEqual(['c1']);
        expect(await q({ passingOnly: false, metadata: { zone: 'b' } })).toEqual(['c2']);
        expect(await q({ tags: ['missing'] })).toEqual([]);
        expect(ids(await registry.instances({ service: 'nothing' }))).toEqual([]);
        expect(await registry.services()).toEqual([
          { service: 'compass', instances: 3, passing: 2 },
          { service: 'other', instances: 1, passing: 1 },
        ]);
      });
    });

    describe('index, change events, blocking queries and watches', () => {
      it('every write raises the index; change events carry the type, the index and the instance', async () => {
        const registry = await open();
        const changes: RegistryChange[] = [];
        registry.on('change', (c) => changes.push(c));
        const start = registry.index;
        await registry.register(base({ id: 'c1', check: ttl(1000) }));
        const afterRegister = registry.index;
        await registry.ttlUpdate('c1', 'pass'); // a heartbeat: index moves, no change event
        const afterBeat = registry.index;
        await registry.ttlUpdate('c1', 'warn');
        await registry.deregister('c1');
        expect(afterRegister).toBeGreaterThan(start);
        expect(afterBeat).toBeGreaterThan(afterRegister);
        expect(registry.index).toBeGreaterThan(afterBeat);
        expect(changes.map((c) => [c.type, c.instance.id, c.instance.status])).toEqual([
          ['registered', 'c1', 'passing'],
          ['updated', 'c1', 'warning'],
          ['deregistered', 'c1', 'warning'],
        ]);
        expect(changes.map((c) => c.index)).toEqual([...changes.map((c) => c.index)].sort((a, b) => a - b));
        expect(changes[2]?.index).toBe(registry.index);
      });

      it('a blocking query returns at once when the result changed since the index', async () => {
        const registry = await open();
        const before = await registry.instances({ service: 'compass' });
        await registry.register(base({ id: 'c1' }));
        const answer = await registry.query({ service: 'compass' }, { index: before.index, waitMs: 10_000 });
        expect(ids(answer)).toEqual(['c1']);
        expect(answer.index).toBeGreaterThan(before.index);
      });

      it('a blocking query waits for a change to its result and answers with it', async () => {
        const registry = await open();
        const start = await registry.instances({ service: 'compass' });
        const pending = registry.query({ service: 'compass' }, { index: start.index, waitMs: 10_000 });
        await new Promise((r) => setTimeout(r, 20));
        await registry.register(base({ id: 'c1' }));
        const answer = await pending;
        expect(ids(answer)).toEqual(['c1']);
        expect(answer.index).toBeGreaterThan(start.index);
      });

      it('a blocking query on a service nobody registered yet (even on an empty registry) wakes on its first instance', async () => {
        const registry = await open();
        const empty = await registry.instances({ service: 'newcomer' });
        expect(empty.index).toBeGreaterThan(0);
        const pending = registry.query({ service: 'newcomer' }, { index: empty.index, waitMs: 10_000 });
        await registry.register(base({ id: 'x1', service: 'elsewhere' }));
        await registry.register(base({ id: 'n1', service: 'newcomer' }));
        const answer = await pending;
        expect(ids(answer)).toEqual(['n1']);
        expect(answer.index).toBeGreaterThan(empty.index);
      });

      it('no spurious wake-ups: heartbeats, other services and filtered-out changes leave a blocking query waiting', async () => {
        const registry = await open();
        await registry.register(base({ id: 'c1', check: ttl(60_000) }));
        await registry.register(base({ id: 'c2', port: 2, check: ttl(60_000) }));
        await registry.ttlUpdate('c2', 'fail');
        const start = await registry.instances({ service: 'compass' });
        expect(ids(start)).toEqual(['c1']);
        let settled = false;
        const pending = registry
          .query({ service: 'compass' }, { index: start.index, waitMs: 400 })
          .finally(() => {
            settled = true;
          });
        await registry.ttlUpdate('c1', 'pass'); // heartbeat only
        await registry.register(base({ id: 'o1', service: 'other' })); // another service
        await registry.ttlUpdate('c2', 'warn'); // still not passing: not in this result
        await registry.register(
          base({ id: 'c3', port: 3, tags: ['x'], check: ttl(60_000), status: 'critical' }),
        );
        await new Promise((r) => setTimeout(r, 150));
        expect(settled).toBe(false);
        const answer = await pending; // after waitMs
        expect(ids(answer)).toEqual(['c1']);
        // The all-statuses query did change, so it answers at once.
        const all = await registry.query(
          { service: 'compass', passingOnly: false },
          { index: start.index, waitMs: 5_000 },
        );
        expect(ids(all)).toEqual(['c1', 'c2', 'c3']);
      });

      it('a blocking query with nothing new answers after waitMs with the same index; abort rejects it', async () => {
        const registry = await open();
        await registry.register(base({ id: 'c1' }));
        const start = await registry.instances({ service: 'compass' });
        const answer = await registry.query({ service: 'compass' }, { index: start.index, waitMs: 50 });
        expect(answer).toEqual(start);
        const controller = new AbortController();
        const pending = registry.query(
          { service: 'compass' },
          { index: start.index, waitMs: 10_000, signal: controller.signal },
        );
        controller.abort(new Error('caller left'));
        await expect(pending).rejects.toThrow('caller left');
      });

      it('watch yields the current result, then each changed result and nothing for heartbeats', async () => {
        const registry = await open();
        await registry.register(base({ id: 'c1', check: ttl(60_000) }));
        const controller = new AbortController();
        const seen: string[][] = [];
        const done = (async () => {
          for await (const result of registry.watch({ service: 'compass' }, { signal: controller.signal })) {
            seen.push(ids(result));
          }
        })();
        await vi.waitFor(() => expect(seen).toEqual([['c1']]));
        await registry.ttlUpdate('c1', 'pass');
        await registry.ttlUpdate('c1', 'pass');
        await registry.register(base({ id: 'c2', port: 2 }));
        await vi.waitFor(() => expect(seen).toEqual([['c1'], ['c1', 'c2']]));
        await registry.ttlUpdate('c1', 'fail');
        await vi.waitFor(() => expect(seen).toEqual([['c1'], ['c1', 'c2'], ['c2']]));
        await registry.ttlUpdate('c1', 'fail', 'still down'); // not passing before or after: no delivery
        await registry.setMaintenance('c2', true);
        await vi.waitFor(() => expect(seen).toEqual([['c1'], ['c1', 'c2'], ['c2'], []]));
        controller.abort();
        await done;
        expect(seen).toHaveLength(4);
      });

      it('close ends watches and answers pending blocking queries', async () => {
        const registry = await open();
        const start = await registry.instances({ service: 'compass' });
        const pending = registry.query({ service: 'compass' }, { index: start.index, waitMs: 60_000 });
        const iterator = registry.watch({ service: 'compass' });
        expect((await iterator.next()).done).toBe(false);
        const next = iterator.next();
        await registry.close();
        expect(await pending).toEqual(start);
        expect((await next).done).toBe(true);
        const err = await registry.get('x').catch((e: unknown) => e);
        expect(isRegistryError(err) && err.code).toBe('STORE_UNAVAILABLE');
      });
    });

    // Capabilities a store does not claim are not registered at all (rather than reported as skipped).
    if (capabilities.persistent)
      describe('restarts', () => {
        it('a registry reopened on the same storage keeps every registration, status and a monotonic index', async () => {
          const first = await open();
          await first.register(base({ id: 'c1', tags: ['gpu'], metadata: { zone: 'a' }, check: ttl(1_000) }));
          await first.register(base({ id: 'c2', port: 2 }));
          await first.setMaintenance('c2', true, 'upgrade');
          const before = (await first.instances({ service: 'compass', passingOnly: false })).instances;
          const index = first.index;
          await first.close();
          const second = await open();
          const after = (await second.instances({ service: 'compass', passingOnly: false })).instances;
          expect(after).toEqual(before);
          expect(second.index).toBeGreaterThanOrEqual(index);
          await second.register(base({ id: 'c3', port: 3 }));
          expect(second.index).toBeGreaterThan(index);
          // TTL is judged on the stored heartbeat: silence across the restart still expires.
          now += 1_001;
          await second.sweep();
          expect((await second.get('c1'))?.status).toBe('critical');
        });
      });

    if (capabilities.shared)
      describe('several registry nodes on one store', () => {
        it("a second registry sees the first's instances and changes, and its watchers are woken by them", async () => {
          const a = await open();
          await a.register(base({ id: 'c1', check: ttl(60_000) }));
          const b = await open();
          expect(ids(await b.instances({ service: 'compass' }))).toEqual(['c1']);
          const seen: string[][] = [];
          const controller = new AbortController();
          const done = (async () => {
            for await (const result of b.watch({ service: 'compass' }, { signal: controller.signal }))
              seen.push(ids(result));
          })();
          await vi.waitFor(() => expect(seen).toEqual([['c1']]));
          await a.register(base({ id: 'c2', port: 2 }));
          await vi.waitFor(() => expect(seen).toEqual([['c1'], ['c1', 'c2']]));
          await a.ttlUpdate('c1', 'pass'); // heartbeat on node a: nothing to deliver on node b
          await a.ttlUpdate('c1', 'fail', 'down');
          await vi.waitFor(() => expect(seen).toEqual([['c1'], ['c1', 'c2'], ['c2']]));
          expect(await b.get('c1')).toMatchObject({ status: 'critical', note: 'down' });
          await b.deregister('c2');
          await vi.waitFor(async () => expect(await a.get('c2')).toBeUndefined());
          await vi.waitFor(() => expect(seen).toEqual([['c1'], ['c1', 'c2'], ['c2'], []]));
          expect(b.index).toBe(a.index);
          controller.abort();
          await done;
        });
      });
  });
}
