/** A seeded synthetic RF-Score-like table for trainer tests: integer counts and a target that depends on a few. */
import { seededRandom } from '../../src/params/init.js';
import type { TreeTrainingSet } from '../../src/rfscore/tree-data.js';

/** `n` rows of 36 integer counts; the target is a noisy function of features 0, 2 and 5. */
export function syntheticSet(
  n: number,
  seed: number,
): TreeTrainingSet & { features: Float64Array; targets: Float64Array } {
  const rnd = seededRandom(seed);
  const features = new Float64Array(n * 36);
  const targets = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < 36; f++) features[i * 36 + f] = Math.floor(rnd() * (f < 8 ? 400 : 20));
    const x = (f: number) => features[i * 36 + f]!;
    targets[i] = 4 + x(0) / 100 + (x(2) > 200 ? 1.5 : 0) - x(5) / 400 + (rnd() - 0.5) * 0.5;
  }
  return { features, targets, featureCount: 36 };
}
