/** The project's one seeded RNG and shuffle: pinned sequences, equal to those of the copies it replaced. */
import { describe, expect, it } from 'vitest';
import { seededRandom, seededShuffle, shuffleInPlace } from '../src/random.js';

describe('seededRandom', () => {
  it('gives the pinned mulberry32 sequence for a fixed seed', () => {
    const r = seededRandom(42);
    expect([r(), r(), r(), r()]).toEqual([
      0.6011037519201636, 0.44829055899754167, 0.8524657934904099, 0.6697340414393693,
    ]);
    const z = seededRandom(0);
    expect([z(), z()]).toEqual([0.26642920868471265, 0.0003297457005828619]);
  });

  it('treats the seed as an unsigned 32-bit integer', () => {
    const a = seededRandom(-1);
    const b = seededRandom(0xffffffff);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

describe('seededShuffle', () => {
  it('gives the pinned permutations (those of the old splits and epoch shuffles)', () => {
    const digits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(seededShuffle(digits, 42)).toEqual([0, 7, 3, 5, 2, 1, 8, 9, 4, 6]);
    expect(seededShuffle(digits, 7)).toEqual([6, 5, 8, 1, 2, 3, 4, 7, 9, 0]);
    expect(seededShuffle(['a', 'b', 'c', 'd', 'e'], 2026)).toEqual(['a', 'e', 'd', 'b', 'c']);
    expect(digits).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('shuffles in place with any random source and keeps every element', () => {
    const xs = [1, 2, 3, 4, 5, 6];
    const out = shuffleInPlace(xs, seededRandom(3));
    expect(out).toBe(xs);
    expect([...out].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(shuffleInPlace([9], seededRandom(3))).toEqual([9]);
    expect(shuffleInPlace([], seededRandom(3))).toEqual([]);
  });
});
