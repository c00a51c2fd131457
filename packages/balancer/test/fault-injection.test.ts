/**
 * Fault injection over three real HTTP servers: 2,000 idempotent requests while one server is killed (and
 * restarted on the same port), one answers 503 and one turns slow. No request may fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Balancer } from '../src/balancer.js';
import { TransportError } from '../src/errors/errors.js';
import { httpTransport, type HttpRequest, type HttpResponse } from '../src/http-transport.js';
import { seededRandom } from '../src/random.js';
import type { Transport } from '../src/transport.js';
import { FaultyServer } from './test-servers.js';

const dead = new FaultyServer('dead');
const erroring = new FaultyServer('erroring');
const slow = new FaultyServer('slow');
const servers = [dead, erroring, slow];

beforeAll(async () => {
  for (const s of servers) await s.start();
});
afterAll(async () => {
  for (const s of servers) await s.stop();
});

describe('fault injection', () => {
  it('serves all 2,000 requests through a kill, 503s and a slow server, and readmits the restarted one', async () => {
    const log: string[] = [];
    const http = httpTransport();
    // Wrap the transport to log each failed attempt in order with the balancer's eject events.
    const transport: Transport<HttpRequest, HttpResponse> = {
      isIdempotent: http.isIdempotent!,
      send: (endpoint, request, signal) =>
        http.send(endpoint, request, signal).catch((e: unknown) => {
          if (e instanceof TransportError) log.push(`fail ${endpoint.id} ${e.code}`);
          throw e;
        }),
    };
    const consecutiveFailures = 3;
    const concurrency = 16;
    const balancer = new Balancer({
      endpoints: servers.map((s) => ({ id: s.name, url: s.url })),
      transport,
      random: seededRandom(2026),
      outlier: {
        consecutiveFailures,
        baseEjectionMs: 100,
        maxEjectionMs: 300,
        maxEjectionPercent: 67,
        panicThresholdPercent: 30,
      },
      breaker: { mode: { kind: 'consecutive', threshold: 5 }, openMs: 200 },
      retry: {
        maxRetries: 4,
        backoff: { initialMs: 1, maxMs: 10 },
        budget: { ratio: 0.5, minRetriesPerSecond: 100 },
      },
      perTryTimeoutMs: 1_000,
      deadlineMs: 5_000,
    });
    balancer.on('eject', (e) => log.push(`eject ${e.endpoint.id}`));
    balancer.on('readmit', (e) => log.push(`readmit ${e.endpoint.id}`));

    let issued = 0;
    let failed = 0;
    const faults: Record<number, () => Promise<void>> = {
      300: () => dead.stop(),
      600: async () => {
        erroring.mode = '503';
      },
      800: async () => {
        slow.mode = 'slow';
      },
      1_000: () => dead.start(),
    };
    const worker = async () => {
      while (issued < 2_000) {
        const n = issued++;
        await faults[n]?.();
        await balancer.call({ path: '/score' }).then(
          (r) => expect(r.status).toBe(200),
          () => failed++,
        );
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));

    expect(failed).toBe(0);
    const firstEject = log.indexOf('eject dead');
    expect(firstEject).toBeGreaterThan(-1);
    // Bounded: the ejection threshold plus what was already in flight when the server died.
    const failuresBeforeEject = log.slice(0, firstEject).filter((l) => l.startsWith('fail dead')).length;
    expect(failuresBeforeEject).toBeGreaterThanOrEqual(consecutiveFailures);
    expect(failuresBeforeEject).toBeLessThanOrEqual(consecutiveFailures + concurrency);
    expect(log).toContain('eject erroring');
    // Traffic returned to the restarted server on the same port.
    expect(dead.servedSince).toBeGreaterThan(0);
    const m = balancer.metrics();
    expect(m.requests).toBe(2_000);
    expect(m.successes).toBe(2_000);
    expect(m.retries).toBeGreaterThan(0);
    balancer.close();
  });
});
