/**
 * Registry HTTP overhead: a client heartbeat (TTL pass through RegistryClient) against a bare fetch of /health
 * on the same server, and the delay from a registration to a discovery cache's change event.
 */
import { RegistryClient, startRegistryServer } from '@compass/registry-sdk';

const TOKEN = 'bench-token';

async function time(label: string, n: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(50, n); i++) await fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const perCallUs = ((performance.now() - start) / n) * 1000;
  console.log(`${label.padEnd(44)} ${perCallUs.toFixed(0).padStart(7)} µs/call  (${n} calls)`);
  return perCallUs;
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
  const server = await startRegistryServer({ port: 0, store: 'memory', auth: { writeTokens: [TOKEN] } });
  const client = new RegistryClient({ url: server.url, token: TOKEN });
  try {
    const instance = await client.putInstance({
      id: 'bench-1',
      service: 'bench',
      address: '127.0.0.1',
      port: 9,
      check: { type: 'ttl', ttlMs: 60_000 },
    });
    const n = 2_000;
    const baseline = await time('baseline: fetch GET /health', n, async () =>
      (await fetch(`${server.url}/health`)).json(),
    );
    const heartbeat = await time('client.reportTtl(pass) (heartbeat)', n, () =>
      client.reportTtl(instance.id, 'pass'),
    );
    const list = await time('client.listInstances (one instance)', n, () => client.listInstances('bench'));
    console.log(
      `heartbeat / baseline: ${(heartbeat / baseline).toFixed(2)}x; list / baseline: ${(list / baseline).toFixed(2)}x`,
    );

    const discovery = client.discover('bench', { passingOnly: false }, { waitMs: 30_000 });
    await discovery.ready();
    const rounds = 200;
    let total = 0;
    for (let i = 0; i < rounds; i++) {
      const changed = new Promise<void>((resolve) => {
        const off = discovery.subscribe(() => {
          off();
          resolve();
        });
      });
      const start = performance.now();
      await client.putInstance({
        id: 'bench-1',
        service: 'bench',
        address: '127.0.0.1',
        port: 9,
        tags: [`r${i}`],
      });
      await changed;
      total += performance.now() - start;
    }
    const watchUs = (total / rounds) * 1000;
    console.log(
      `${'register → discovery change event'.padEnd(44)} ${watchUs.toFixed(0).padStart(7)} µs/round (${rounds} rounds)`,
    );
    console.log(`watch propagation / baseline: ${(watchUs / baseline).toFixed(2)}x`);
  } finally {
    await client.close();
    await server.close();
  }
}
