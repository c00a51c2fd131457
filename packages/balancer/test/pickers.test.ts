/** Picker behaviour: order, weights, least-loaded choice, and less traffic to a slow endpoint. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Balancer } from '../src/balancer.js';
import type { PickerName } from '../src/pickers/index.js';
import {
  leastConnectionsPicker,
  p2cPicker,
  roundRobinPicker,
  weightedRoundRobinPicker,
} from '../src/pickers/index.js';
import { seededRandom } from '../src/random.js';
import { ScriptedTransport, ok, statsOf } from './helpers.js';

describe('round-robin', () => {
  it('visits candidates in order and keeps its cursor across list changes', () => {
    const picker = roundRobinPicker();
    const c = statsOf(['a', 'b', 'c']);
    expect([1, 2, 3, 4].map(() => picker.pick(c).endpoint.id)).toEqual(['a', 'b', 'c', 'a']);
    // Cursor is at 4: with two candidates the next pick is index 0, then 1.
    expect([picker.pick(c.slice(1)).endpoint.id, picker.pick(c.slice(1)).endpoint.id]).toEqual(['b', 'c']);
  });
});

describe('smooth weighted round-robin', () => {
  it('honours weights within 2% over 10,000 picks', () => {
    const picker = weightedRoundRobinPicker();
    const weights = [5, 3, 1.5, 0.5];
    const c = statsOf(['a', 'b', 'c', 'd'], weights);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0, d: 0 };
    for (let i = 0; i < 10_000; i++) counts[picker.pick(c).endpoint.id]!++;
    const total = weights.reduce((x, y) => x + y, 0);
    ['a', 'b', 'c', 'd'].forEach((id, i) => {
      const expected = (10_000 * weights[i]!) / total;
      expect(Math.abs(counts[id]! - expected) / expected).toBeLessThan(0.02);
    });
  });

  it('interleaves instead of sending bursts (nginx sequence for 5,1,1)', () => {
    const picker = weightedRoundRobinPicker();
    const c = statsOf(['a', 'b', 'c'], [5, 1, 1]);
    const seq = Array.from({ length: 7 }, () => picker.pick(c).endpoint.id).join('');
    expect(seq).toBe('aabacaa');
  });
});

describe('least-connections and p2c', () => {
  it('least-connections always takes the fewest in flight', () => {
    const picker = leastConnectionsPicker({ random: seededRandom(5) });
    const c = statsOf(['a', 'b', 'c']);
    c[0]!.inFlight = 3;
    c[1]!.inFlight = 1;
    c[2]!.inFlight = 2;
    for (let i = 0; i < 50; i++) expect(picker.pick(c).endpoint.id).toBe('b');
  });

  it('p2c never picks the most loaded of three (it always loses its pair)', () => {
    const picker = p2cPicker({ random: seededRandom(6) });
    const c = statsOf(['a', 'b', 'c']);
    c[2]!.inFlight = 10;
    for (let i = 0; i < 300; i++) expect(picker.pick(c).endpoint.id).not.toBe('c');
  });
});

/** Runs `workers` closed loops of `perWorker` calls over a, b (5 ms) and slow (50 ms) under fake timers. */
async function shareOfSlow(picker: PickerName, workers: number, perWorker: number): Promise<number> {
  const transport = new ScriptedTransport({ a: ok('a', 5), b: ok('b', 5), slow: ok('slow', 50) });
  const balancer = new Balancer({
    endpoints: ['a', 'b', 'slow'],
    transport,
    picker,
    random: seededRandom(42),
    now: () => Date.now(),
  });
  const loops = Array.from({ length: workers }, async () => {
    for (let i = 0; i < perWorker; i++) await balancer.call('GET /');
  });
  const all = Promise.all(loops);
  await vi.runAllTimersAsync();
  await all;
  return transport.count('slow') / transport.calls.length;
}

describe('slow endpoint', () => {
  afterEach(() => vi.useRealTimers());

  it('round-robin gives the slow endpoint a full third (the baseline)', async () => {
    vi.useFakeTimers();
    const share = await shareOfSlow('round-robin', 12, 50);
    expect(share).toBeCloseTo(1 / 3, 2);
  });

  it('p2c sends clearly less traffic to the slow endpoint under concurrency', async () => {
    vi.useFakeTimers();
    const share = await shareOfSlow('p2c', 12, 50);
    expect(share).toBeLessThan(0.2);
  });

  it('peak-EWMA sends clearly less traffic to the slow endpoint, even one call at a time', async () => {
    vi.useFakeTimers();
    const share = await shareOfSlow('peak-ewma', 1, 300);
    expect(share).toBeLessThan(0.05);
    expect(vi.getTimerCount()).toBe(0);
  });
});
