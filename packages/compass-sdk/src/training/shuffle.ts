/** Seeded permutations: the order of an epoch's batches follows from the seed and the epoch alone. */
import { seededRandom } from '../params/init.js';

/** A permutation of 0..n-1, the same for the same seed on every machine (Fisher-Yates on mulberry32). */
export function shuffled(n: number, seed: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  const rnd = seededRandom(seed >>> 0);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
