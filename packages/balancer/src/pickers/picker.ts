/** The picker contract: choose one endpoint from the eligible ones, or fail with a typed error. */
import type { EndpointStats } from '../endpoint-stats.js';
import { NoEndpointError } from '../errors/errors.js';
import type { RandomSource } from '../random.js';

/** Chooses one endpoint per call. Pickers see only eligible endpoints and throw {@link NoEndpointError} on none. */
export interface Picker {
  readonly name: string;
  pick(candidates: readonly EndpointStats[]): EndpointStats;
}

/** What picker factories receive. */
export interface PickerOptions {
  readonly random?: RandomSource;
}

/** Shared guard: an empty list is a typed error, never `undefined`. */
export function requireCandidates(candidates: readonly EndpointStats[], picker: string): void {
  if (candidates.length === 0) throw new NoEndpointError(`${picker}: no eligible endpoint`);
}

/** Uniform index in [0, n). */
export function randomIndex(random: RandomSource, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}
