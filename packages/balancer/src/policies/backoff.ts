/** Exponential backoff with full jitter, built on cockatiel's ExponentialBackoff with an injectable random source. */
import { ExponentialBackoff, noJitterGenerator, type GeneratorFn, type IBackoff } from 'cockatiel';
import type { RandomSource } from '../random.js';

/** Options for retry backoff. */
export interface BackoffOptions {
  /** First delay cap in ms (default 50). */
  readonly initialMs?: number;
  /** Largest delay cap in ms (default 2,000). */
  readonly maxMs?: number;
}

/** A sequence of delays: call `next()` for each retry. */
export interface BackoffSequence {
  next(): number;
}

/** Full jitter (AWS architecture blog): uniform in [0, min(max, initial·2^n)). */
export function fullJitterBackoff(options: BackoffOptions, random: RandomSource): BackoffSequence {
  const generator: GeneratorFn<number> = (state, opts) => {
    const [cap, next] = noJitterGenerator(state, opts);
    return [Math.floor(random() * cap), next];
  };
  const factory = new ExponentialBackoff({
    generator,
    initialDelay: options.initialMs ?? 50,
    maxDelay: options.maxMs ?? 2_000,
  });
  let current: IBackoff<unknown> | undefined;
  return {
    next(): number {
      current = current ? current.next(undefined) : factory.next();
      return current.duration;
    },
  };
}
