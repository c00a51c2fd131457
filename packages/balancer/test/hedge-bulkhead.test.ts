/** Hedging (the first success wins, the loser is cancelled) and bulkheads (typed rejection, bounded queue). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Balancer } from '../src/balancer.js';
import { ScriptedTransport, ok } from './helpers.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('hedging', () => {
  it('sends a hedge after the delay; the first success wins and the loser is cancelled', async () => {
    const t = new ScriptedTransport({ slow: ok('slow', 1_000), fast: ok('fast', 10) });
    const b = new Balancer({
      endpoints: ['slow', 'fast'],
      transport: t,
      picker: 'round-robin',
      hedge: { delayMs: 50 },
      now: () => Date.now(),
    });
    const hedges: string[] = [];
    b.on('hedge', (e) => hedges.push(e.endpoint.id));
    const p = b.call('GET /');
    await vi.advanceTimersByTimeAsync(49);
    expect(t.calls).toEqual(['slow']);
    await vi.advanceTimersByTimeAsync(11);
    expect(await p).toBe('fast');
    expect(hedges).toEqual(['fast']);
    expect(t.aborted).toEqual(['slow']);
    expect(vi.getTimerCount()).toBe(0);
    expect(b.metrics().endpoints['slow']).toMatchObject({ inFlight: 0, failures: 0 });
  });

  it('never hedges to the endpoint already trying (one endpoint: no hedge)', async () => {
    const t = new ScriptedTransport({ only: ok('only', 200) });
    const b = new Balancer({ endpoints: ['only'], transport: t, hedge: { delayMs: 50 } });
    const p = b.call('GET /');
    await vi.advanceTimersByTimeAsync(200);
    expect(await p).toBe('only');
    expect(t.calls).toEqual(['only']);
    expect(b.metrics().hedges).toBe(0);
  });

  it('does not hedge non-idempotent calls', async () => {
    const t = new ScriptedTransport({ slow: ok('slow', 1_000), fast: ok('fast', 10) });
    const b = new Balancer({
      endpoints: ['slow', 'fast'],
      transport: t,
      picker: 'round-robin',
      hedge: { delayMs: 50 },
    });
    const p = b.call('POST /');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await p).toBe('slow');
    expect(t.calls).toEqual(['slow']);
  });
});

describe('bulkheads', () => {
  it('overall cap with a bounded queue rejects the overflow with BULKHEAD_REJECTED', async () => {
    const t = new ScriptedTransport({ a: ok('a', 100) });
    const b = new Balancer({ endpoints: ['a'], transport: t, bulkhead: { maxInFlight: 1, maxQueue: 1 } });
    const first = b.call('GET');
    const queued = b.call('GET');
    await expect(b.call('GET')).rejects.toMatchObject({ code: 'BULKHEAD_REJECTED', scope: 'overall' });
    await vi.advanceTimersByTimeAsync(200);
    expect([await first, await queued]).toEqual(['a', 'a']);
    expect(b.metrics().bulkheadRejections).toBe(1);
  });

  it('per-endpoint cap skips full endpoints and rejects when all are full', async () => {
    const t = new ScriptedTransport({ a: ok('a', 100), b: ok('b', 100) });
    const b = new Balancer({ endpoints: ['a', 'b'], transport: t, bulkhead: { maxInFlightPerEndpoint: 1 } });
    const calls = [b.call('GET'), b.call('GET')];
    await expect(b.call('GET')).rejects.toMatchObject({ code: 'BULKHEAD_REJECTED', scope: 'endpoint' });
    await vi.advanceTimersByTimeAsync(100);
    expect((await Promise.all(calls)).sort()).toEqual(['a', 'b']);
  });
});
