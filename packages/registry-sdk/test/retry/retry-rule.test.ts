/** The project's one retry rule: Retry-After parsing, the cap, full-jitter bounds and the retryable statuses. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BACKOFF,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_AFTER_MS,
  fullJitterBackoff,
  isRetryableStatus,
  parseRetryAfter,
  retryDelay,
  sleep,
} from '../../src/index.js';

describe('parseRetryAfter', () => {
  it('reads delay seconds, fractional ones included', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter('1.5')).toBe(1_500);
    expect(parseRetryAfter(' 2 ')).toBe(2_000);
  });

  it('reads an HTTP date relative to now, a past date as 0', () => {
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:30 GMT')),
    ).toBe(30_000);
    expect(parseRetryAfter(new Date(1_000).toUTCString(), 9_000)).toBe(0);
  });

  it('gives undefined for a missing or unreadable header, 0 for negative seconds', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-5')).toBe(0);
  });
});

describe('retryDelay', () => {
  it('waits the longer of the backoff and the hint', () => {
    expect(retryDelay(120, undefined)).toBe(120);
    expect(retryDelay(120, 5_000)).toBe(5_000);
    expect(retryDelay(800, 300)).toBe(800);
  });

  it('ends the retries when the hint is over the cap (30 s by default), not at it', () => {
    expect(DEFAULT_MAX_RETRY_AFTER_MS).toBe(30_000);
    expect(retryDelay(10, 30_000)).toBe(30_000);
    expect(retryDelay(10, 30_001)).toBeUndefined();
    expect(retryDelay(10, 10_001, 10_000)).toBeUndefined();
    expect(retryDelay(10, 10_000, 10_000)).toBe(10_000);
  });
});

describe('fullJitterBackoff', () => {
  it('draws the n-th delay uniformly below min(max, initial * 2^n)', () => {
    const top = fullJitterBackoff({ initialMs: 100, maxMs: 1_000 }, () => 0.999_999);
    expect(Array.from({ length: 6 }, () => top.next())).toEqual([99, 199, 399, 799, 999, 999]);
    const bottom = fullJitterBackoff({ initialMs: 100, maxMs: 1_000 }, () => 0);
    expect(Array.from({ length: 4 }, () => bottom.next())).toEqual([0, 0, 0, 0]);
    const half = fullJitterBackoff({ initialMs: 100, maxMs: 1_000 }, () => 0.5);
    expect(Array.from({ length: 5 }, () => half.next())).toEqual([50, 100, 200, 400, 500]);
  });

  it('defaults to 100 ms doubling to 2 s, and stays within those bounds with Math.random', () => {
    expect(DEFAULT_BACKOFF).toEqual({ initialMs: 100, maxMs: 2_000 });
    const top = fullJitterBackoff({}, () => 0.999_999);
    expect(Array.from({ length: 7 }, () => top.next())).toEqual([99, 199, 399, 799, 1_599, 1_999, 1_999]);
    for (let run = 0; run < 50; run++) {
      const seq = fullJitterBackoff();
      for (let n = 0; n < 8; n++) {
        const d = seq.next();
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(Math.min(2_000, 100 * 2 ** n));
      }
    }
  });
});

describe('isRetryableStatus', () => {
  it('retries 408, 409, 429 and every 5xx, nothing else', () => {
    const retried = [408, 409, 429, 500, 502, 503, 504, 599];
    for (const s of retried) expect(isRetryableStatus(s), String(s)).toBe(true);
    for (const s of [200, 204, 301, 400, 401, 403, 404, 410, 413, 415, 422, 499])
      expect(isRetryableStatus(s), String(s)).toBe(false);
    expect(DEFAULT_MAX_RETRIES).toBe(2);
  });
});

describe('sleep', () => {
  it('resolves true after the wait, false at once when aborted', async () => {
    expect(await sleep(1)).toBe(true);
    const ac = new AbortController();
    const waiting = sleep(60_000, ac.signal);
    ac.abort();
    expect(await waiting).toBe(false);
    expect(await sleep(10, ac.signal)).toBe(false);
  });
});
