/** Smooth weighted round-robin (nginx): weights honoured exactly over each cycle, without bursts. */
import type { EndpointStats } from '../endpoint-stats.js';
import { requireCandidates, type Picker } from './picker.js';

/**
 * Each pick adds every endpoint's weight to its running score, chooses the highest and subtracts the total from
 * it; over one cycle of `sum(weights)` picks each endpoint is chosen exactly `weight` times, interleaved.
 */
export function weightedRoundRobinPicker(): Picker {
  const current = new Map<string, number>();
  return {
    name: 'weighted-round-robin',
    pick(candidates: readonly EndpointStats[]): EndpointStats {
      requireCandidates(candidates, 'weighted-round-robin');
      let total = 0;
      let best: EndpointStats | undefined;
      let bestScore = -Infinity;
      for (const c of candidates) {
        const w = c.endpoint.weight;
        const score = (current.get(c.endpoint.id) ?? 0) + w;
        current.set(c.endpoint.id, score);
        total += w;
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      current.set(best!.endpoint.id, bestScore - total);
      // Forget endpoints that left the list so the map cannot grow without bound.
      if (current.size > candidates.length * 2) {
        const live = new Set(candidates.map((c) => c.endpoint.id));
        for (const id of current.keys()) if (!live.has(id)) current.delete(id);
      }
      return best!;
    },
  };
}
