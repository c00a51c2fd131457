/** Exponential backoff with full jitter, on cockatiel's ExponentialBackoff with an injectable random source. */
import { ExponentialBackoff, noJitterGenerator, type GeneratorFn, type IBackoff } from 'cockatiel';

/** Returns a float in [0, 1), like `Math.random`; inject a seeded one in tests. */
export type RandomSource = () => number;

/** The one shape of retry backoff across the project (registry client, balancer, SDK client). */
export interface BackoffOptions {
  /** First delay cap in ms (default {@link DEFAULT_BACKOFF}.initialMs). */
  readonly initialMs?: number;
  /** Largest delay cap in ms (default {@link DEFAULT_BACKOFF}.maxMs). */
  readonly maxMs?: number;
}

/** Backoff of one call's retries: 100 ms doubling to 2 s, full jitter. */
export const DEFAULT_BACKOFF = { initialMs: 100, maxMs: 2_000 } as const;

/** A sequence of delays: call `next()` for each retry. */
export interface BackoffSequence {
  next(): number;
}

/**
 * Full jitter (AWS architecture blog): the n-th delay (from 0) is uniform in [0, min(max, initial·2^n)).
 *
 * @example
 * ```ts
 * const delays = fullJitterBackoff({ initialMs: 100, maxMs: 2_000 }, Math.random);
 * await sleep(delays.next(), signal);
 * ```
 */
export function fullJitterBackoff(
  options: BackoffOptions = {},
  random: RandomSource = Math.random,
): BackoffSequence {
  const generator: GeneratorFn<number> = (state, opts) => {
    const [cap, next] = noJitterGenerator(state, opts);
    return [Math.floor(random() * cap), next];
  };
  const factory = new ExponentialBackoff({
    generator,
    initialDelay: options.initialMs ?? DEFAULT_BACKOFF.initialMs,
    maxDelay: options.maxMs ?? DEFAULT_BACKOFF.maxMs,
  });
  let current: IBackoff<unknown> | undefined;
  return {
    next(): number {
      current = current ? current.next(undefined) : factory.next();
      return current.duration;
    },
  };
}
