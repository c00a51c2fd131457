/** Per-endpoint circuit breakers: transitions, probes, sampling mode, surfaced failures, export and restore. */
import { describe, expect, it } from 'vitest';
import { Balancer } from '../src/balancer.js';
import { isBalancerError } from '../src/errors/balancer-error.js';
import { TransportError } from '../src/errors/errors.js';
import { EndpointBreaker } from '../src/policies/circuit-breaker.js';
import { ScriptedTransport, type Behaviour } from './helpers.js';

const boom = new TransportError('HTTP 503', { kind: 'status', status: 503 });

function breakerWith(options: ConstructorParameters<typeof EndpointBreaker>[0], clock: { t: number }) {
  const changes: string[] = [];
  const b = new EndpointBreaker(
    options,
    () => clock.t,
    (from, to) => changes.push(`${from}->${to}`),
  );
  return { b, changes };
}

describe('EndpointBreaker', () => {
  it('consecutive mode: opens after N failures, half-opens after openMs, closes after M probe successes', () => {
    const clock = { t: 0 };
    const { b, changes } = breakerWith(
      { mode: { kind: 'consecutive', threshold: 3 }, openMs: 100, halfOpenProbes: 2, successesToClose: 2 },
      clock,
    );
    expect(b.failure(boom)).toBe(false);
    b.success(); // resets the streak
    expect(b.failure(boom) || b.failure(boom)).toBe(false);
    expect(b.failure(boom)).toBe(true);
    expect(b.state).toBe('open');
    expect(b.allows()).toBe(false);
    clock.t = 100;
    expect(b.state).toBe('half-open');
    b.acquire();
    expect(b.allows()).toBe(true); // second probe slot
    b.acquire();
    expect(b.allows()).toBe(false); // N = 2 probes in flight
    b.success();
    expect(b.state).toBe('half-open');
    b.success();
    expect(b.state).toBe('closed');
    expect(changes).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
  });

  it('a failed probe reopens the breaker', () => {
    const clock = { t: 0 };
    const { b, changes } = breakerWith({ mode: { kind: 'consecutive', threshold: 1 }, openMs: 50 }, clock);
    b.failure(boom);
    clock.t = 50;
    b.acquire();
    expect(b.failure(boom)).toBe(true);
    expect(b.state).toBe('open');
    expect(changes).toEqual(['closed->open', 'open->half-open', 'half-open->open']);
  });

  it('sampling mode: opens on the failure ratio only once the minimum volume is reached', () => {
    const clock = { t: 1_000 };
    const { b } = breakerWith(
      { mode: { kind: 'sampling', threshold: 0.5, windowMs: 10_000, minimumRequests: 10 } },
      clock,
    );
    for (let i = 0; i < 4; i++) expect(b.failure(boom)).toBe(false); // 4 calls: below the volume
    for (let i = 0; i < 4; i++) b.success();
    expect(b.failure(boom)).toBe(false); // 9 calls
    expect(b.failure(boom)).toBe(true); // 10 calls, 6 failures > 50%
  });

  it('exports and restores its state', () => {
    const clock = { t: 0 };
    const { b } = breakerWith({ mode: { kind: 'consecutive', threshold: 1 }, openMs: 1_000 }, clock);
    b.failure(boom);
    clock.t = 400;
    const snapshot = JSON.parse(JSON.stringify(b.toJSON())) as ReturnType<EndpointBreaker['toJSON']>;
    expect(snapshot).toMatchObject({ state: 'open', openForMs: 600 });
    const restored = breakerWith({ mode: { kind: 'consecutive', threshold: 1 }, openMs: 1_000 }, clock);
    restored.b.restore(snapshot);
    expect(restored.b.state).toBe('open');
    clock.t = 1_000;
    expect(restored.b.state).toBe('half-open');
  });
});

describe('breakers inside the balancer', () => {
  it('skips an endpoint whose breaker is open and emits state events', async () => {
    const clock = { t: 0 };
    const t = new ScriptedTransport({
      a: (): Behaviour => ({ fail: 'status', status: 500 }),
      b: (): Behaviour => ({ ok: 'b' }),
    });
    const balancer = new Balancer({
      endpoints: ['a', 'b'],
      transport: t,
      picker: 'round-robin',
      outlier: false,
      breaker: { mode: { kind: 'consecutive', threshold: 2 }, openMs: 1_000 },
      retry: { backoff: { initialMs: 0 } },
      now: () => clock.t,
    });
    const events: string[] = [];
    balancer.on('breaker', (e) => events.push(`${e.endpoint.id} ${e.from}->${e.to}`));
    for (let i = 0; i < 10; i++) expect(await balancer.call('GET')).toBe('b');
    expect(t.count('a')).toBe(2);
    expect(balancer.breakerState('a')).toBe('open');
    clock.t = 1_000;
    expect(await balancer.call('GET')).toBe('b'); // probe to a fails, retried on b
    expect(events).toEqual(['a closed->open', 'a open->half-open', 'a half-open->open']);
  });

  it('surfaces the real failure, not a generic "circuit open", when every breaker is open', async () => {
    const t = new ScriptedTransport({ a: (): Behaviour => ({ fail: 'connection-refused' }) });
    const balancer = new Balancer({
      endpoints: ['a'],
      transport: t,
      outlier: false,
      breaker: { mode: { kind: 'consecutive', threshold: 1 }, openMs: 60_000 },
      retry: { maxRetries: 0 },
    });
    await expect(balancer.call('GET')).rejects.toMatchObject({
      code: 'CONNECTION_REFUSED',
      circuitOpen: true,
    });
    let second: unknown;
    await balancer.call('GET').catch((e: unknown) => (second = e));
    expect(isBalancerError(second)).toBe(true);
    expect(second).toMatchObject({ code: 'CONNECTION_REFUSED', circuitOpen: true, endpointId: 'a' });
    expect(t.calls).toEqual(['a']); // the second call never reached the endpoint
  });

  it('restores exported state into a new balancer (CIRCUIT_OPEN when no failure is known)', async () => {
    const t = new ScriptedTransport({ a: (): Behaviour => ({ fail: 'status', status: 503 }) });
    const options = {
      endpoints: ['a'],
      transport: t,
      outlier: false as const,
      breaker: { mode: { kind: 'consecutive' as const, threshold: 1 }, openMs: 60_000 },
      retry: { maxRetries: 0 },
    };
    const first = new Balancer(options);
    await first.call('GET').catch(() => undefined);
    const state = first.exportState();
    expect(state.breakers['a']?.state).toBe('open');
    const second = new Balancer({ ...options, initialState: state });
    await expect(second.call('GET')).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', circuitOpen: true });
    expect(t.calls).toEqual(['a']);
  });
});
