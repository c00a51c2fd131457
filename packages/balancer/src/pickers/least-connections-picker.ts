/** Least connections: the endpoint with the fewest calls in flight. */
import type { EndpointStats } from '../endpoint-stats.js';
import { randomIndex, requireCandidates, type Picker, type PickerOptions } from './picker.js';

/** Scans every eligible endpoint for the fewest in-flight calls; ties go to a random one so load still spreads. */
export function leastConnectionsPicker(options: PickerOptions = {}): Picker {
  const random = options.random ?? Math.random;
  return {
    name: 'least-connections',
    pick(candidates: readonly EndpointStats[]): EndpointStats {
      requireCandidates(candidates, 'least-connections');
      // Starting the scan at a random offset breaks ties fairly without a second pass.
      const start = randomIndex(random, candidates.length);
      let best = candidates[start]!;
      for (let i = 1; i < candidates.length; i++) {
        const c = candidates[(start + i) % candidates.length]!;
        if (c.inFlight < best.inFlight) best = c;
      }
      return best;
    },
  };
}
