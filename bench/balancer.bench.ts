/**
 * Balancer overhead and fault behaviour: the balancer's cost per call against a direct ky call to the same local
 * server (ratio from the same run, rounds interleaved), its in-memory cost with a no-op transport, and p50/p99
 * latency over four servers (healthy, slow, 503, killed) for P2C against round-robin.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Balancer, httpTransport, seededRandom, type PickerName } from '@compass/balancer';
import ky from 'ky';

type Mode = 'ok' | 'slow' | '503';

async function serve(mode: Mode, slowMs = 20): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    const answer = () =>
      mode === '503'
        ? res.writeHead(503).end('unavailable')
        : res.writeHead(200, { 'content-type': 'application/json' }).end('{"pK":6.2}');
    if (mode === 'slow') setTimeout(answer, slowMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function stop(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

async function perCallUs(n: number, fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return ((performance.now() - start) / n) * 1000;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function overhead(): Promise<void> {
  const { url, server } = await serve('ok');
  const balancer = new Balancer({ endpoints: [url], transport: httpTransport() });
  const direct = () => ky(`${url}/score`, { retry: 0, timeout: false }).json();
  const balanced = () => balancer.call({ path: '/score' }).then((r) => r.body);
  for (let i = 0; i < 200; i++) await Promise.all([direct(), balanced()]); // warm-up
  const rounds = 5;
  const n = 500;
  let d = 0;
  let b = 0;
  for (let r = 0; r < rounds; r++) {
    d += await perCallUs(n, direct);
    b += await perCallUs(n, balanced);
  }
  d /= rounds;
  b /= rounds;
  const memory = new Balancer({
    endpoints: ['a', 'b', 'c'],
    transport: { send: async () => 1 },
  });
  for (let i = 0; i < 2_000; i++) await memory.call(null);
  const inMemory = await perCallUs(50_000, () => memory.call(null));
  await stop(server);
  console.log(`overhead, ${rounds} × ${n} sequential calls each, interleaved:`);
  console.log(`  direct ky GET                 ${d.toFixed(0).padStart(6)} µs/call  1.00x`);
  console.log(`  balancer.call (p2c, http)     ${b.toFixed(0).padStart(6)} µs/call  ${(b / d).toFixed(2)}x`);
  console.log(
    `  balancer.call, no-op transport ${inMemory.toFixed(1).padStart(5)} µs/call  (pure balancer cost)`,
  );
}

async function faultScenario(
  picker: PickerName,
): Promise<{ p50: number; p99: number; failed: number; ms: number }> {
  const healthy = await serve('ok');
  const slow = await serve('slow');
  const erroring = await serve('503');
  const dead = await serve('ok');
  await stop(dead.server); // killed: its port now refuses connections
  const balancer = new Balancer({
    endpoints: [healthy.url, slow.url, erroring.url, dead.url],
    transport: httpTransport(),
    picker,
    random: seededRandom(7),
    outlier: { baseEjectionMs: 1_000 },
    retry: { backoff: { initialMs: 1, maxMs: 20 } },
    deadlineMs: 5_000,
  });
  const latencies: number[] = [];
  let failed = 0;
  let issued = 0;
  const total = 2_000;
  const started = performance.now();
  const worker = async () => {
    while (issued++ < total) {
      const t0 = performance.now();
      try {
        await balancer.call({ path: '/score' });
        latencies.push(performance.now() - t0);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  const ms = performance.now() - started;
  for (const s of [healthy, slow, erroring]) await stop(s.server);
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), failed, ms };
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
  await overhead();
  console.log('fault scenario: 2,000 GETs, 16 in flight; servers: healthy, slow (20 ms), 503, killed');
  for (const picker of ['round-robin', 'p2c', 'peak-ewma'] as const) {
    const r = await faultScenario(picker);
    console.log(
      `  ${picker.padEnd(12)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  ` +
        `failed ${r.failed}  wall ${(r.ms / 1000).toFixed(2)} s`,
    );
  }
}
