/** Peak-EWMA: P2C over latency times queue depth (Finagle, linkerd). */
import type { EndpointStats } from '../endpoint-stats.js';
import { pickTwo } from './p2c-picker.js';
import { requireCandidates, type Picker, type PickerOptions } from './picker.js';

/** P2C comparing `peakEwmaCost` (EWMA latency × (in-flight + 1)), so slow endpoints get less traffic even at low load. */
export function peakEwmaPicker(options: PickerOptions = {}): Picker {
  const random = options.random ?? Math.random;
  return {
    name: 'peak-ewma',
    pick(candidates: readonly EndpointStats[]): EndpointStats {
      requireCandidates(candidates, 'peak-ewma');
      return pickTwo(candidates, random, (s) => s.peakEwmaCost);
    },
  };
}
