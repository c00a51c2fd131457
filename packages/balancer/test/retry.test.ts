/** Retries: idempotency, a different endpoint each time, Retry-After, budget, deadline and abort without leaked timers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Balancer } from '../src/balancer.js';
import type { BalancerOptions } from '../src/balancer-options.js';
import { isBalancerError } from '../src/errors/balancer-error.js';
import { fullJitterBackoff } from '../src/policies/backoff.js';
import { RetryBudget } from '../src/policies/retry-budget.js';
import { seededRandom } from '../src/random.js';
import { ScriptedTransport, ok, type Behaviour } from './helpers.js';

const fail503 = (): Behaviour => ({ fail: 'status', status: 503 });

function balancerOf(transport: ScriptedTransport, extra: Partial<BalancerOptions<string, string>> = {}) {
  return new Balancer<string, string>({
    endpoints: Object.keys(transport.behaviours),
    transport,
    picker: 'round-robin',
    breaker: false,
    outlier: false,
    random: seededRandom(9),
    now: () => Date.now(),
    ...extra,
  });
}

async function rejection(p: Promise<unknown>): Promise<{ code: string; cause?: unknown } & Error> {
  try {
    await p;
  } catch (e) {
    expect(isBalancerError(e)).toBe(true);
    return e as { code: string } & Error;
  }
  throw new Error('expected a rejection');
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('retries', () => {
  it('retries an idempotent call on a different endpoint each time', async () => {
    const t = new ScriptedTransport({ a: fail503, b: fail503, c: ok('c') });
    const b = balancerOf(t, { retry: { maxRetries: 2, backoff: { initialMs: 10 } } });
    const retries: number[] = [];
    b.on('retry', (e) => retries.push(e.attempt));
    const p = b.call('GET /');
    await vi.runAllTimersAsync();
    expect(await p).toBe('c');
    expect(t.calls.at(-1)).toBe('c');
    expect(new Set(t.calls).size).toBe(t.calls.length); // never the same endpoint twice
    expect(retries).toEqual(t.calls.slice(1).map((_, i) => i + 1));
  });

  it('does not retry a non-idempotent call after the request was sent', async () => {
    const t = new ScriptedTransport({ a: fail503, b: ok('b') });
    const b = balancerOf(t);
    const e = await rejection(b.call('POST /'));
    expect(e.code).toBe('HTTP_STATUS');
    expect(t.calls).toEqual(['a']);
  });

  it('retries a non-idempotent call when the connection was refused (nothing was sent)', async () => {
    const t = new ScriptedTransport({ a: () => ({ fail: 'connection-refused' }), b: ok('b') });
    const p = balancerOf(t).call('POST /');
    await vi.runAllTimersAsync();
    expect(await p).toBe('b');
  });

  it('retries a call the caller marks safe', async () => {
    const t = new ScriptedTransport({ a: fail503, b: ok('b') });
    const p = balancerOf(t).call('POST /', { idempotent: true });
    await vi.runAllTimersAsync();
    expect(await p).toBe('b');
  });

  it('does not retry 4xx failures', async () => {
    const t = new ScriptedTransport({ a: () => ({ fail: 'status', status: 404 }), b: ok('b') });
    const e = await rejection(balancerOf(t).call('GET /'));
    expect(e.code).toBe('HTTP_STATUS');
    expect(t.calls).toEqual(['a']);
  });

  it('waits at least Retry-After before retrying', async () => {
    const t = new ScriptedTransport({
      a: () => ({ fail: 'status', status: 503, retryAfterMs: 5_000 }),
      b: ok('b'),
    });
    const b = balancerOf(t, { retry: { backoff: { initialMs: 1 } } });
    const delays: number[] = [];
    b.on('retry', (e) => delays.push(e.delayMs));
    const p = b.call('GET /');
    await vi.advanceTimersByTimeAsync(4_999);
    expect(t.calls).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1);
    expect(await p).toBe('b');
    expect(delays).toEqual([5_000]);
  });

  it('ends the call when Retry-After exceeds maxRetryAfterMs instead of waiting', async () => {
    const t = new ScriptedTransport({
      a: () => ({ fail: 'status', status: 503, retryAfterMs: 120_000 }),
      b: ok('b'),
    });
    const e = await rejection(balancerOf(t, { retry: { maxRetryAfterMs: 10_000 } }).call('GET /'));
    expect(e).toMatchObject({ code: 'HTTP_STATUS', retryAfterMs: 120_000 });
    expect(t.calls).toEqual(['a']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('emits a pick event per attempt with the attempt number', async () => {
    const t = new ScriptedTransport({ a: fail503, b: ok('b') });
    const b = balancerOf(t, { retry: { backoff: { initialMs: 0 } } });
    const picks: string[] = [];
    b.on('pick', (e) => picks.push(`${e.attempt}:${e.endpoint.id}:${e.hedge}`));
    const p = b.call('GET /');
    await vi.runAllTimersAsync();
    await p;
    expect(picks).toEqual(['0:a:false', '1:b:false']);
  });

  it('surfaces the failure once the retry budget is spent', async () => {
    const t = new ScriptedTransport({ a: fail503, b: fail503 });
    const b = balancerOf(t, {
      retry: {
        maxRetries: 1,
        backoff: { initialMs: 0 },
        budget: { ratio: 0, minRetriesPerSecond: 0.2, windowMs: 10_000 },
      },
    });
    let exhausted = 0;
    b.on('retry-budget-exhausted', () => exhausted++);
    // Floor: 0.2/s over 10 s = 2 retries; then calls fail after one attempt.
    for (let i = 0; i < 4; i++) {
      const p = rejection(b.call('GET /'));
      await vi.runAllTimersAsync();
      expect((await p).code).toBe('HTTP_STATUS');
    }
    expect(t.calls.length).toBe(2 * 2 + 2);
    expect(exhausted).toBe(2);
    expect(b.metrics()).toMatchObject({ retries: 2, retryBudgetExhausted: 2, requests: 4, failures: 4 });
  });

  it('budget allows ratio × requests retries over the window, plus the floor', () => {
    let now = 0;
    const budget = new RetryBudget({ ratio: 0.1, minRetriesPerSecond: 0, windowMs: 1_000 }, () => now);
    for (let i = 0; i < 50; i++) budget.recordRequest();
    const granted = Array.from({ length: 10 }, () => budget.tryWithdraw()).filter(Boolean).length;
    expect(granted).toBe(5);
    now = 1_100; // the window has slid past every request
    expect(budget.tryWithdraw()).toBe(false);
  });

  it('full-jitter backoff stays below the exponential cap', () => {
    const seq = fullJitterBackoff({ initialMs: 100, maxMs: 1_000 }, seededRandom(3));
    const caps = [100, 200, 400, 800, 1_000, 1_000];
    for (const cap of caps) {
      const d = seq.next();
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(cap);
    }
  });
});

describe('deadline and abort', () => {
  it('a deadline ends a slow attempt with DEADLINE_EXCEEDED and leaves no timer running', async () => {
    const t = new ScriptedTransport({ a: ok('a', 10_000) });
    const p = rejection(balancerOf(t).call('GET /', { deadlineMs: 100 }));
    await vi.advanceTimersByTimeAsync(100);
    const e = await p;
    expect(e.code).toBe('DEADLINE_EXCEEDED');
    expect(t.aborted).toEqual(['a']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not start a backoff that would outlive the deadline', async () => {
    const t = new ScriptedTransport({
      a: () => ({ fail: 'status', status: 503, retryAfterMs: 1_000 }),
      b: ok('b'),
    });
    const e = await rejection(balancerOf(t).call('GET /', { deadlineMs: 500 }));
    expect(e.code).toBe('DEADLINE_EXCEEDED');
    expect((e.cause as { code: string }).code).toBe('HTTP_STATUS');
    expect(t.calls).toEqual(['a']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a per-try timeout fails the attempt as TIMEOUT and retries elsewhere', async () => {
    const t = new ScriptedTransport({ a: ok('a', 1_000), b: ok('b') });
    const p = balancerOf(t).call('GET /', { perTryTimeoutMs: 50 });
    await vi.runAllTimersAsync();
    expect(await p).toBe('b');
    expect(t.aborted).toEqual(['a']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an abort during a backoff wait rejects with ABORTED and clears the wait', async () => {
    const t = new ScriptedTransport({ a: fail503, b: ok('b') });
    const b = balancerOf(t, { retry: { backoff: { initialMs: 60_000, maxMs: 60_000 } }, random: () => 0.99 });
    const ctl = new AbortController();
    const p = rejection(b.call('GET /', { signal: ctl.signal }));
    await vi.advanceTimersByTimeAsync(10);
    expect(vi.getTimerCount()).toBe(1); // the backoff
    ctl.abort();
    const e = await p;
    expect(e.code).toBe('ABORTED');
    expect(t.calls).toEqual(['a']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an abort cancels the attempt in flight', async () => {
    const t = new ScriptedTransport({ a: ok('a', 10_000) });
    const ctl = new AbortController();
    const p = rejection(balancerOf(t).call('GET /', { signal: ctl.signal, deadlineMs: 60_000 }));
    await vi.advanceTimersByTimeAsync(10);
    ctl.abort();
    expect((await p).code).toBe('ABORTED');
    expect(t.aborted).toEqual(['a']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
