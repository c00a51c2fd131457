/** Passive outlier ejection: consecutive failures eject, durations grow, a cap holds, panic spreads, readmission. */
import { describe, expect, it } from 'vitest';
import { Balancer } from '../src/balancer.js';
import { OutlierDetector } from '../src/policies/outlier-detector.js';
import { seededRandom } from '../src/random.js';
import { ScriptedTransport, ok, type Behaviour } from './helpers.js';

function detector(options: ConstructorParameters<typeof OutlierDetector>[0], clock: { t: number }) {
  const events: string[] = [];
  const d = new OutlierDetector(options, () => clock.t, {
    eject: (id, until, n, ms) => events.push(`eject ${id} #${n} ${ms}ms until ${until}`),
    readmit: (id) => events.push(`readmit ${id}`),
  });
  return { d, events };
}

describe('OutlierDetector', () => {
  it('ejects after N consecutive failures; a success resets the streak', () => {
    const clock = { t: 0 };
    const { d, events } = detector({ consecutiveFailures: 3, baseEjectionMs: 100 }, clock);
    expect(d.recordFailure('a', 4)).toBe(false);
    expect(d.recordFailure('a', 4)).toBe(false);
    d.recordSuccess('a');
    expect(d.recordFailure('a', 4)).toBe(false);
    expect(d.recordFailure('a', 4)).toBe(false);
    expect(d.recordFailure('a', 4)).toBe(true);
    expect(d.isEjected('a')).toBe(true);
    expect(events).toEqual(['eject a #1 100ms until 100']);
  });

  it('readmits when the time runs out, and the next ejection lasts base × ejections', () => {
    const clock = { t: 0 };
    const { d, events } = detector(
      { consecutiveFailures: 1, baseEjectionMs: 100, maxEjectionMs: 250 },
      clock,
    );
    d.recordFailure('a', 2);
    clock.t = 99;
    expect(d.isEjected('a')).toBe(true);
    clock.t = 100;
    expect(d.isEjected('a')).toBe(false);
    d.recordFailure('a', 2);
    clock.t = 300;
    expect(d.isEjected('a')).toBe(false);
    d.recordFailure('a', 2);
    expect(events).toEqual([
      'eject a #1 100ms until 100',
      'readmit a',
      'eject a #2 200ms until 300',
      'readmit a',
      'eject a #3 250ms until 550', // capped by maxEjectionMs
    ]);
  });

  it('never ejects more than maxEjectionPercent of the endpoints', () => {
    const clock = { t: 0 };
    const { d } = detector({ consecutiveFailures: 1, maxEjectionPercent: 50 }, clock);
    expect(d.recordFailure('a', 4)).toBe(true);
    expect(d.recordFailure('b', 4)).toBe(true);
    expect(d.recordFailure('c', 4)).toBe(false);
    expect(d.ejectedCount()).toBe(2);
  });
});

describe('ejection inside the balancer', () => {
  it('stops sending to a refusing endpoint and sends again after readmission', async () => {
    const clock = { t: 0 };
    let down = true;
    const transport = new ScriptedTransport({
      a: ok('a'),
      b: ok('b'),
      c: (): Behaviour => (down ? { fail: 'connection-refused' } : { ok: 'c' }),
    });
    const balancer = new Balancer({
      endpoints: ['a', 'b', 'c'],
      transport,
      picker: 'round-robin',
      breaker: false,
      outlier: { consecutiveFailures: 2, baseEjectionMs: 1_000 },
      retry: { backoff: { initialMs: 0 } },
      now: () => clock.t,
      random: seededRandom(1),
    });
    const events: string[] = [];
    balancer.on('eject', (e) => events.push(`eject ${e.endpoint.id}`));
    balancer.on('readmit', (e) => events.push(`readmit ${e.endpoint.id}`));
    for (let i = 0; i < 30; i++) expect(await balancer.call('GET')).toMatch(/^[ab]$/);
    expect(transport.count('c')).toBe(2);
    expect(balancer.isEjected('c')).toBe(true);
    down = false;
    clock.t = 1_000;
    const served = new Set<string>();
    for (let i = 0; i < 6; i++) served.add(await balancer.call('GET'));
    expect(served).toEqual(new Set(['a', 'b', 'c']));
    expect(events).toEqual(['eject c', 'readmit c']);
    expect(balancer.metrics()).toMatchObject({ ejections: 1, readmissions: 1, failures: 0 });
  });

  it('panics below the healthy threshold and spreads over all endpoints', async () => {
    const clock = { t: 0 };
    const transport = new ScriptedTransport({
      a: (n): Behaviour => (n < 1 ? { fail: 'status', status: 503 } : { ok: 'a' }),
      b: (n): Behaviour => (n < 1 ? { fail: 'status', status: 503 } : { ok: 'b' }),
      c: ok('c'),
    });
    const balancer = new Balancer({
      endpoints: ['a', 'b', 'c'],
      transport,
      picker: 'round-robin',
      breaker: false,
      outlier: {
        consecutiveFailures: 1,
        baseEjectionMs: 10_000,
        maxEjectionPercent: 100,
        panicThresholdPercent: 50,
      },
      retry: { backoff: { initialMs: 0 } },
      now: () => clock.t,
    });
    // Each of a and b fails once (and is ejected); every such call is retried elsewhere and succeeds.
    for (let i = 0; i < 4 && !(balancer.isEjected('a') && balancer.isEjected('b')); i++)
      await balancer.call('GET');
    expect(balancer.isEjected('a') && balancer.isEjected('b')).toBe(true);
    // 1 of 3 healthy is under 50%: panic, so ejected a and b are picked again.
    const served = new Set<string>();
    for (let i = 0; i < 6; i++) served.add(await balancer.call('GET'));
    expect(served).toEqual(new Set(['a', 'b', 'c']));
    expect(balancer.metrics().panics).toBeGreaterThan(0);
  });
});
