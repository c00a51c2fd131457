/** One contract for every built-in picker: eligible endpoints only, spreading, typed error on an empty list. */
import { describe, expect, it } from 'vitest';
import { isBalancerError } from '../src/errors/balancer-error.js';
import { PICKER_NAMES, createPicker } from '../src/pickers/index.js';
import { seededRandom } from '../src/random.js';
import { statsOf } from './helpers.js';

describe.each(PICKER_NAMES)('picker contract: %s', (name) => {
  it('only ever picks one of the candidates it was given', () => {
    const picker = createPicker(name, { random: seededRandom(1) });
    const all = statsOf(['a', 'b', 'c', 'd', 'e']);
    const eligible = [all[1]!, all[3]!];
    for (let i = 0; i < 500; i++) expect(eligible).toContain(picker.pick(eligible));
  });

  it('spreads picks over every candidate', () => {
    const picker = createPicker(name, { random: seededRandom(2) });
    const candidates = statsOf(['a', 'b', 'c', 'd']);
    const counts = new Map<string, number>();
    for (let i = 0; i < 4_000; i++) {
      const id = picker.pick(candidates).endpoint.id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
    // Equal load and equal weights: no endpoint gets less than half its fair share.
    for (const n of counts.values()) expect(n).toBeGreaterThan(500);
  });

  it('returns the only candidate when there is one', () => {
    const picker = createPicker(name, { random: seededRandom(3) });
    const [only] = statsOf(['solo']);
    expect(picker.pick([only!])).toBe(only);
  });

  it('throws a typed NO_ENDPOINT error on an empty list', () => {
    const picker = createPicker(name, { random: seededRandom(4) });
    let caught: unknown;
    try {
      picker.pick([]);
    } catch (e) {
      caught = e;
    }
    expect(isBalancerError(caught)).toBe(true);
    expect((caught as { code: string }).code).toBe('NO_ENDPOINT');
    expect((caught as { retryable: boolean }).retryable).toBe(false);
  });
});
