/** Round-robin: each eligible endpoint in turn. */
import type { EndpointStats } from '../endpoint-stats.js';
import { requireCandidates, type Picker } from './picker.js';

/** Cycles through the eligible endpoints; the cursor survives list changes (it is not reset on refresh). */
export function roundRobinPicker(): Picker {
  let next = 0;
  return {
    name: 'round-robin',
    pick(candidates: readonly EndpointStats[]): EndpointStats {
      requireCandidates(candidates, 'round-robin');
      const chosen = candidates[next % candidates.length]!;
      next = (next + 1) % 1_000_000_007;
      return chosen;
    },
  };
}
