/**
 * Registry core on the memory and SQLite stores: registrations per second, discover latency (1,000 instances in
 * 50 services), change delivery to 100 watchers, and the time from an instance's death to its removal.
 * Baselines measured in the same run: the bare store write, and a linear scan over the same 1,000 instances.
 */
import { setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore, Registry, SqliteStore, type Instance, type RegistryStore } from '@compass/registry-sdk';

const SERVICES = 50;
const INSTANCES = 1_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function input(i: number) {
  return {
    service: `svc-${i % SERVICES}`,
    address: `10.0.${Math.floor(i / 250)}.${i % 250}`,
    port: 8000 + (i % 7),
    tags: Math.floor(i / SERVICES) % 2 === 0 ? ['gpu'] : ['cpu'],
    metadata: { zone: `z${i % 3}` },
    check: { type: 'ttl' as const, ttlMs: 600_000 },
  };
}

async function registrations(
  makeStore: () => RegistryStore,
): Promise<{ registry: Registry; perSec: number; storePerSec: number }> {
  // Baseline: the store alone, writing the same number of ready-made instances.
  const bare = makeStore();
  await bare.load();
  const now = Date.now();
  const fake = (i: number): Instance => ({
    ...input(i),
    id: `b${i}`,
    weight: 1,
    status: 'passing',
    draining: false,
    registeredAt: now,
    lastHeartbeatAt: now,
  });
  let t = performance.now();
  for (let i = 0; i < INSTANCES; i++) await bare.put(fake(i));
  const storePerSec = INSTANCES / ((performance.now() - t) / 1000);
  await bare.close();

  const registry = await Registry.open({ store: makeStore() });
  t = performance.now();
  for (let i = 0; i < INSTANCES; i++) await registry.register(input(i));
  const first = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < INSTANCES; i++) await registry.register(input(i)); // re-registration (replace)
  const again = performance.now() - t;
  const perSec = (2 * INSTANCES) / ((first + again) / 1000);
  return { registry, perSec, storePerSec };
}

async function discovery(
  registry: Registry,
): Promise<{ p50: number; p99: number; scanP50: number; scanP99: number }> {
  const all = (
    await Promise.all(
      Array.from({ length: SERVICES }, (_, s) =>
        registry.instances({ service: `svc-${s}`, passingOnly: false }),
      ),
    )
  ).flatMap((r) => r.instances);
  const rounds = 20_000;
  const lat: number[] = [];
  const scan: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const service = `svc-${i % SERVICES}`;
    let t = performance.now();
    const result = await registry.instances({ service, tags: ['gpu'] });
    lat.push((performance.now() - t) * 1000);
    if (result.instances.length === 0) throw new Error('empty discovery');
    t = performance.now();
    all.filter((x) => x.service === service && x.status === 'passing' && x.tags.includes('gpu'));
    scan.push((performance.now() - t) * 1000);
  }
  lat.sort((a, b) => a - b);
  scan.sort((a, b) => a - b);
  return {
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    scanP50: percentile(scan, 50),
    scanP99: percentile(scan, 99),
  };
}

async function watchDelivery(registry: Registry): Promise<{ p50: number; p99: number; first: number }> {
  const WATCHERS = 100;
  const controller = new AbortController();
  setMaxListeners(WATCHERS + 10, controller.signal); // one abort listener per watcher is expected here
  const query = { service: 'svc-0', passingOnly: false };
  let expected = -1;
  let pending = 0;
  let firstAt = 0;
  let resolveRound: (() => void) | undefined;
  const ready: Promise<void>[] = [];
  for (let w = 0; w < WATCHERS; w++) {
    const it = registry.watch(query, { signal: controller.signal });
    ready.push(
      it.next().then(() => {
        void (async () => {
          for await (const result of it) {
            if (result.index !== expected) continue;
            if (firstAt === 0) firstAt = performance.now();
            if (--pending === 0) resolveRound?.();
          }
        })();
      }),
    );
  }
  await Promise.all(ready);
  const rounds = 200;
  const all: number[] = [];
  const firsts: number[] = [];
  for (let r = 0; r < rounds; r++) {
    pending = WATCHERS;
    firstAt = 0;
    const done = new Promise<void>((resolve) => (resolveRound = resolve));
    const start = performance.now();
    const registering = registry.register({ ...input(0), tags: [`round-${r}`] });
    // Memory and SQLite indexes count writes: this change gets the next one, which watchers wait for.
    expected = registry.index + 1;
    await registering;
    await done;
    all.push((performance.now() - start) * 1000);
    firsts.push((firstAt - start) * 1000);
  }
  controller.abort();
  all.sort((a, b) => a - b);
  firsts.sort((a, b) => a - b);
  return { p50: percentile(all, 50), p99: percentile(all, 99), first: percentile(firsts, 50) };
}

async function deathToRemoval(makeStore: () => RegistryStore): Promise<{
  critical: number[];
  removed: number[];
  ttlMs: number;
  sweepMs: number;
  afterCriticalMs: number;
}> {
  const ttlMs = 200;
  const sweepMs = 50;
  const afterCriticalMs = 200;
  const registry = await Registry.open({ store: makeStore(), sweepIntervalMs: sweepMs });
  const N = 20;
  const bornAt = new Map<string, number>();
  const critical: number[] = [];
  const removed: number[] = [];
  const finished = new Promise<void>((resolve) => {
    registry.on('change', (change) => {
      const born = bornAt.get(change.instance.id);
      if (born === undefined) return;
      if (change.type === 'updated' && change.instance.status === 'critical')
        critical.push(performance.now() - born);
      if (change.type === 'deregistered') {
        removed.push(performance.now() - born);
        if (removed.length === N) resolve();
      }
    });
  });
  for (let i = 0; i < N; i++) {
    // Staggered deaths so they do not all line up with one sweep.
    await new Promise((r) => setTimeout(r, 7));
    const instance = await registry.register({
      ...input(i),
      service: 'mortal',
      check: { type: 'ttl', ttlMs, deregisterCriticalAfterMs: afterCriticalMs },
    });
    bornAt.set(instance.id, performance.now()); // last heartbeat: the instance dies right after registering
  }
  await finished;
  await registry.close();
  return {
    critical: critical.sort((a, b) => a - b),
    removed: removed.sort((a, b) => a - b),
    ttlMs,
    sweepMs,
    afterCriticalMs,
  };
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'registry-bench-'));
  let n = 0;
  const stores: Array<[string, () => RegistryStore]> = [
    ['memory', () => new MemoryStore()],
    ['sqlite', () => new SqliteStore({ path: join(dir, `bench-${n++}.db`) })],
  ];
  try {
    for (const [name, makeStore] of stores) {
      console.log(`\n--- ${name} store: ${INSTANCES} instances in ${SERVICES} services ---`);
      const { registry, perSec, storePerSec } = await registrations(makeStore);
      console.log(
        `registrations/s (register + re-register)     ${fmt(perSec).padStart(9)}  (bare store.put: ${fmt(storePerSec)}/s, ratio ${(perSec / storePerSec).toFixed(2)}x)`,
      );
      const d = await discovery(registry);
      console.log(
        `discover (passing, tag filter) p50 / p99      ${fmt(d.p50, 1).padStart(6)} / ${fmt(d.p99, 1)} µs  (linear scan of 1,000: ${fmt(d.scanP50, 1)} / ${fmt(d.scanP99, 1)} µs)`,
      );
      const w = await watchDelivery(registry);
      console.log(
        `change -> all 100 watchers p50 / p99          ${fmt(w.p50).padStart(6)} / ${fmt(w.p99)} µs  (first watcher p50 ${fmt(w.first)} µs; includes the write)`,
      );
      await registry.close();
      const death = await deathToRemoval(makeStore);
      const c50 = percentile(death.critical, 50);
      const c99 = percentile(death.critical, 99);
      const r50 = percentile(death.removed, 50);
      const r99 = percentile(death.removed, 99);
      console.log(
        `death -> critical (out of passing) p50 / max  ${fmt(c50).padStart(6)} / ${fmt(c99)} ms  (TTL ${death.ttlMs} ms + sweep every ${death.sweepMs} ms: bound ${death.ttlMs + death.sweepMs} ms)`,
      );
      console.log(
        `death -> deregistered p50 / max               ${fmt(r50).padStart(6)} / ${fmt(r99)} ms  (bound ${death.ttlMs + death.afterCriticalMs + 2 * death.sweepMs} ms)`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
