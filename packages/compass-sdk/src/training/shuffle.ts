/** Seeded permutations: the order of an epoch's batches follows from the seed and the epoch alone. */
import { seededShuffle } from '@compass/balancer';

/** A permutation of 0..n-1, the same for the same seed on every machine (the project's one seeded shuffle). */
export function shuffled(n: number, seed: number): number[] {
  return seededShuffle(
    Array.from({ length: n }, (_, i) => i),
    seed >>> 0,
  );
}
