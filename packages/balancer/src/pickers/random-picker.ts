/** Uniform random choice. */
import type { EndpointStats } from '../endpoint-stats.js';
import { randomIndex, requireCandidates, type Picker, type PickerOptions } from './picker.js';

/** Picks uniformly at random from the eligible endpoints. */
export function randomPicker(options: PickerOptions = {}): Picker {
  const random = options.random ?? Math.random;
  return {
    name: 'random',
    pick(candidates: readonly EndpointStats[]): EndpointStats {
      requireCandidates(candidates, 'random');
      return candidates[randomIndex(random, candidates.length)]!;
    },
  };
}
