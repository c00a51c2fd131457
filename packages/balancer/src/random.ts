/** Seeded randomness for the whole project: pickers and jitter here, splits, shuffles and initialisation in the SDK. */
import type { RandomSource } from '@compass/registry-sdk';

export type { RandomSource };

/**
 * A small seeded generator (mulberry32): the same floats in [0, 1) for the same seed on every machine.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * random(); // 0.6011037519201636
 * ```
 */
export function seededRandom(seed: number): RandomSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Shuffles `xs` in place (Fisher-Yates, from the end) with `random` and returns it. With {@link seededRandom} the
 * order follows from the seed alone.
 */
export function shuffleInPlace<T>(xs: T[], random: RandomSource): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** A shuffled copy of `xs`, seeded: the same order for the same seed on every machine. */
export function seededShuffle<T>(xs: readonly T[], seed: number): T[] {
  return shuffleInPlace([...xs], seededRandom(seed));
}
