/** Power of two choices: sample two endpoints, keep the less loaded (the default picker). */
import type { EndpointStats } from '../endpoint-stats.js';
import { randomIndex, requireCandidates, type Picker, type PickerOptions } from './picker.js';

/** Picks two distinct endpoints at random and returns the one with the lower `cost`. */
export function pickTwo(
  candidates: readonly EndpointStats[],
  random: () => number,
  cost: (s: EndpointStats) => number,
): EndpointStats {
  if (candidates.length === 1) return candidates[0]!;
  const i = randomIndex(random, candidates.length);
  // Draw the second from the remaining n-1 so the pair is always distinct.
  let j = randomIndex(random, candidates.length - 1);
  if (j >= i) j++;
  const a = candidates[i]!;
  const b = candidates[j]!;
  return cost(b) < cost(a) ? b : a;
}

/**
 * P2C least-loaded (gRPC, Envoy LEAST_REQUEST): nearly as good as scanning for the least loaded endpoint, but
 * without herding every client onto the same one.
 */
export function p2cPicker(options: PickerOptions = {}): Picker {
  const random = options.random ?? Math.random;
  return {
    name: 'p2c',
    pick(candidates: readonly EndpointStats[]): EndpointStats {
      requireCandidates(candidates, 'p2c');
      return pickTwo(candidates, random, (s) => s.inFlight);
    },
  };
}
