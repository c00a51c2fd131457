/** The conformance suite on the etcd store, against a real etcd started for this file; each test uses its own prefix. */
import { Etcd3 } from 'etcd3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Registry } from '../../src/core/registry.js';
import { isRegistryError, isRetryable } from '../../src/errors.js';
import { EtcdStore } from '../../src/stores/etcd-store.js';
import { type RegistryStore } from '../../src/stores/store.js';
import { etcdUnavailable, startEtcd, type EtcdServer } from '../support/etcd.js';
import { describeStoreConformance } from './conformance.js';

// etcd is an external binary: skipped with the reason printed when it is absent outside CI
describe.skipIf(etcdUnavailable() !== undefined)('etcd store', () => {
  let etcd: EtcdServer;
  let counter = 0;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  describeStoreConformance(
    'etcd',
    async () => {
      const prefix = `/conformance-${process.pid}-${++counter}`;
      return { open: () => new EtcdStore({ hosts: etcd.url, prefix }), cleanup: async () => undefined };
    },
    { persistent: true, shared: true },
  );

  describe('etcd store specifics', () => {
    const registries: Registry[] = [];
    afterEach(async () => {
      for (const registry of registries.splice(0)) await registry.close();
    });
    const open = async (prefix: string, now: () => number) => {
      const registry = await Registry.open({
        store: new EtcdStore({ hosts: etcd.url, prefix }),
        now,
        sweepIntervalMs: 3_600_000,
      });
      registries.push(registry);
      return registry;
    };

    it('instances registered through a node that died expire and are removed by the surviving node', async () => {
      let now = 1_700_000_000_000;
      const prefix = `/dead-node-${process.pid}`;
      const a = await open(prefix, () => now);
      const b = await open(prefix, () => now);
      await a.register({
        id: 'c1',
        service: 'compass',
        address: '10.0.0.1',
        port: 1,
        check: { type: 'ttl', ttlMs: 1_000, deregisterCriticalAfterMs: 1_000 },
      });
      await a.close(); // node a dies; its instance stays in etcd (plain keys, no lease)
      await vi.waitFor(async () => expect((await b.get('c1'))?.status).toBe('passing'));
      now += 1_001;
      await b.sweep();
      expect((await b.get('c1'))?.status).toBe('critical');
      now += 1_000;
      await b.sweep();
      expect(await b.get('c1')).toBeUndefined();
      const c = await open(prefix, () => now); // a fresh node reads etcd: the instance is gone there too
      expect(await c.services()).toEqual([]);
    });

    it('writeIfUnchanged writes only over the expected revision', async () => {
      const store = new EtcdStore({ hosts: etcd.url, prefix: `/cas-${process.pid}` });
      try {
        const now = Date.now();
        const instance = {
          id: 'c1',
          service: 'compass',
          address: 'a',
          tags: [],
          metadata: {},
          weight: 1,
          status: 'passing' as const,
          draining: false,
          registeredAt: now,
          lastHeartbeatAt: now,
        };
        const first = await store.put(instance);
        expect((await store.load()).modIndexes?.get('c1')).toBe(first);
        expect(
          await store.writeIfUnchanged('c1', { ...instance, status: 'critical' }, first - 1),
        ).toBeUndefined();
        const second = await store.writeIfUnchanged('c1', { ...instance, status: 'critical' }, first);
        expect(second).toBeGreaterThan(first);
        expect(await store.writeIfUnchanged('c1', undefined, first)).toBeUndefined();
        expect((await store.load()).instances.map((i) => i.status)).toEqual(['critical']);
        expect(await store.writeIfUnchanged('c1', undefined, second!)).toBeGreaterThan(second!);
        expect((await store.load()).instances).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it("a node's sweep never overwrites a fresher heartbeat written through another node", async () => {
      let now = 1_700_000_000_000;
      const prefix = `/fresh-beat-${process.pid}`;
      // Node a hears of other nodes' writes 300 ms late, so its view is stale when it sweeps.
      const inner = new EtcdStore({ hosts: etcd.url, prefix });
      const slowFeed: RegistryStore = {
        kind: 'etcd',
        load: () => inner.load(),
        put: (instance) => inner.put(instance),
        delete: (id) => inner.delete(id),
        writeIfUnchanged: (id, instance, modIndex) => inner.writeIfUnchanged(id, instance, modIndex),
        watch: (from, listener, onError) =>
          inner.watch(from, (change) => void setTimeout(() => listener(change), 300), onError),
        close: () => inner.close(),
      };
      const a = await Registry.open({ store: slowFeed, now: () => now, sweepIntervalMs: 3_600_000 });
      registries.push(a);
      const b = await open(prefix, () => now);
      await b.register({
        id: 'c1',
        service: 'compass',
        address: 'a',
        port: 1,
        check: { type: 'ttl', ttlMs: 1_000 },
      });
      await vi.waitFor(async () => expect(await a.get('c1')).toBeDefined());
      now += 1_500;
      await b.ttlUpdate('c1', 'pass'); // a fresh heartbeat through node b...
      await a.sweep(); // ...that node a has not heard of yet: its expiry write must lose
      expect((await b.get('c1'))?.status).toBe('passing');
      await vi.waitFor(async () => expect((await a.get('c1'))?.lastHeartbeatAt).toBe(now));
      expect((await a.get('c1'))?.status).toBe('passing');
      expect((await inner.load()).instances.map((i) => [i.status, i.lastHeartbeatAt])).toEqual([
        ['passing', now],
      ]);
    });

    it('a change feed that fails for good is resynced: changes it missed still reach the watchers', async () => {
      const prefix = `/resync-${process.pid}`;
      const inner = new EtcdStore({ hosts: etcd.url, prefix });
      let breakFeed: (() => Promise<void>) | undefined;
      const fragile: RegistryStore = {
        kind: 'etcd',
        load: () => inner.load(),
        put: (instance) => inner.put(instance),
        delete: (id) => inner.delete(id),
        watch: async (from, listener, onError) => {
          const stop = await inner.watch(from, listener, onError);
          breakFeed = async () => {
            await stop(); // the feed dies silently from here on...
            onError(new Error('watch canceled: required revision has been compacted')); // ...and says so
          };
          return stop;
        },
        close: () => inner.close(),
      };
      const a = await Registry.open({ store: fragile, feedRetryMs: 100, sweepIntervalMs: 3_600_000 });
      registries.push(a);
      const errors: string[] = [];
      a.on('error', (err) => errors.push(err.message));
      const b = await open(prefix, Date.now);
      await b.register({ id: 'gone', service: 'compass', address: 'a', port: 1 });
      await vi.waitFor(async () => expect(await a.get('gone')).toBeDefined());
      const seen: string[][] = [];
      const controller = new AbortController();
      const watching = (async () => {
        for await (const r of a.watch({ service: 'compass' }, { signal: controller.signal })) {
          seen.push(r.instances.map((i) => i.id));
        }
      })();
      await vi.waitFor(() => expect(seen).toEqual([['gone']]));
      await breakFeed!();
      await b.register({ id: 'new', service: 'compass', address: 'b', port: 1 });
      await b.deregister('gone');
      await vi.waitFor(() => expect(seen.at(-1)).toEqual(['new']), { timeout: 5_000 });
      expect(errors).toEqual(['watch canceled: required revision has been compacted']);
      await b.register({ id: 'later', service: 'compass', address: 'c', port: 1 }); // the new feed works
      await vi.waitFor(() => expect(seen.at(-1)).toEqual(['later', 'new']));
      controller.abort();
      await watching;
    });

    it('a watch from a compacted revision reports an error', async () => {
      const store = new EtcdStore({ hosts: etcd.url, prefix: `/compacted-${process.pid}` });
      const raw = new Etcd3({ hosts: etcd.url });
      try {
        const now = Date.now();
        const base = { service: 's', address: 'a', tags: [], metadata: {}, weight: 1, draining: false };
        const first = await store.put({
          ...base,
          id: 'x',
          status: 'passing',
          registeredAt: now,
          lastHeartbeatAt: now,
        });
        const last = await store.put({
          ...base,
          id: 'x',
          status: 'warning',
          registeredAt: now,
          lastHeartbeatAt: now,
        });
        await raw.kv.compact({ revision: String(last), physical: true });
        const errors: Error[] = [];
        const stop = await store.watch(
          first - 1,
          () => undefined,
          (err) => errors.push(err),
        );
        await vi.waitFor(() => expect(errors).toHaveLength(1));
        expect(isRegistryError(errors[0]) && errors[0].code).toBe('STORE_UNAVAILABLE');
        await stop();
      } finally {
        raw.close();
        await store.close();
      }
    });

    it('writes fail with a retryable STORE_UNAVAILABLE when etcd is down, and the local view is unchanged', async () => {
      const own = await startEtcd();
      try {
        const registry = await Registry.open({ store: new EtcdStore({ hosts: own.url, prefix: '/down' }) });
        registries.push(registry);
        await registry.register({ id: 'c1', service: 'compass', address: '10.0.0.1', port: 1 });
        await own.stop();
        const err = await registry
          .register({ id: 'c2', service: 'compass', address: '10.0.0.2', port: 1 })
          .catch((e: unknown) => e);
        expect(isRegistryError(err) && err.code).toBe('STORE_UNAVAILABLE');
        expect(isRetryable(err)).toBe(true);
        expect(await registry.get('c2')).toBeUndefined();
        expect((await registry.instances({ service: 'compass' })).instances.map((i) => i.id)).toEqual(['c1']);
      } finally {
        await own.stop();
      }
    });

    it('an unreachable etcd makes open() reject with STORE_UNAVAILABLE', async () => {
      const err = await Registry.open({ store: new EtcdStore({ hosts: 'http://127.0.0.1:1' }) }).catch(
        (e: unknown) => e,
      );
      expect(isRegistryError(err) && err.code).toBe('STORE_UNAVAILABLE');
    });
  });
});
