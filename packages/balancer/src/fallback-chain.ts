/** A fallback chain: ordered targets (remote pool, in-process engine, built-in scorer); the first success wins. */
import { EventEmitter } from 'eventemitter3';
import type { Balancer } from './balancer.js';
import type { CallOptions } from './balancer-options.js';
import { isBalancerError } from './errors/balancer-error.js';
import {
  AbortedError,
  FallbackExhaustedError,
  type SkipReason,
  type SkippedTarget,
} from './errors/errors.js';

/** Context handed to each target. */
export interface FallbackContext {
  readonly signal: AbortSignal | undefined;
  /** Time left for this target in ms, if the chain or target has a deadline. */
  readonly deadlineMs: number | undefined;
}

/** One target of the chain. */
export interface FallbackTarget<Req, Res> {
  readonly name: string;
  call(request: Req, context: FallbackContext): Promise<Res>;
}

/** The value, which target served it, and why each earlier target was skipped. */
export interface FallbackResult<Res> {
  readonly value: Res;
  readonly servedBy: string;
  readonly skipped: readonly SkippedTarget[];
}

/** Events of a {@link FallbackChain}. */
export interface FallbackEvents {
  /** The chain moved on from `from` because of `reason`. */
  fallback: [event: SkippedTarget & { from: string; to: string | undefined }];
}

/** Maps a target's failure to the reason the chain records. */
export function skipReason(error: unknown): SkipReason {
  if (!isBalancerError(error)) return 'error';
  if (error.code === 'NO_ENDPOINT') return 'no-endpoints';
  if (error.code === 'CIRCUIT_OPEN' || error.circuitOpen) return 'breaker-open';
  if (error.code === 'DEADLINE_EXCEEDED') return 'deadline';
  if (error.code === 'BULKHEAD_REJECTED') return 'bulkhead';
  return 'error';
}

/** Adapts a {@link Balancer} as a fallback target; the chain's remaining time becomes its deadline. */
export function balancerTarget<Req, Res>(
  name: string,
  balancer: Balancer<Req, Res>,
  options: CallOptions = {},
): FallbackTarget<Req, Res> {
  return {
    name,
    call: (request, context) =>
      balancer.call(request, {
        ...options,
        ...(context.signal ? { signal: context.signal } : {}),
        ...(context.deadlineMs !== undefined
          ? { deadlineMs: Math.min(context.deadlineMs, options.deadlineMs ?? Infinity) }
          : {}),
      }),
  };
}

/**
 * Tries each target in order. A caller abort stops the chain with `AbortedError`; any other failure moves on
 * and is recorded. When all fail, throws `FallbackExhaustedError` with every reason.
 *
 * @example
 * ```ts
 * const chain = new FallbackChain([
 *   balancerTarget('remote', balancer),
 *   { name: 'in-process', call: (req) => engine.score(req) },
 *   { name: 'builtin', call: async (req) => builtinScore(req) },
 * ]);
 * const { value, servedBy, skipped } = await chain.call(request, { deadlineMs: 3_000 });
 * ```
 */
export class FallbackChain<Req, Res> extends EventEmitter<FallbackEvents> {
  constructor(
    private readonly targets: readonly FallbackTarget<Req, Res>[],
    private readonly now: () => number = () => performance.now(),
  ) {
    super();
  }

  /** Runs the chain. `deadlineMs` bounds the whole chain: a target starts only while time is left. */
  async call(
    request: Req,
    options: { signal?: AbortSignal; deadlineMs?: number } = {},
  ): Promise<FallbackResult<Res>> {
    const deadlineAt = options.deadlineMs === undefined ? undefined : this.now() + options.deadlineMs;
    const skipped: SkippedTarget[] = [];
    for (let i = 0; i < this.targets.length; i++) {
      const target = this.targets[i]!;
      if (options.signal?.aborted)
        throw new AbortedError('fallback chain aborted', { cause: options.signal.reason });
      const left = deadlineAt === undefined ? undefined : deadlineAt - this.now();
      try {
        if (left !== undefined && left <= 0) throw new DeadlineSkip();
        const value = await target.call(request, { signal: options.signal, deadlineMs: left });
        return { value, servedBy: target.name, skipped };
      } catch (e) {
        if (options.signal?.aborted) throw new AbortedError('fallback chain aborted', { cause: e });
        const entry: SkippedTarget = {
          target: target.name,
          reason: e instanceof DeadlineSkip ? 'deadline' : skipReason(e),
          error: e instanceof DeadlineSkip ? undefined : e,
        };
        skipped.push(entry);
        this.emit('fallback', { ...entry, from: target.name, to: this.targets[i + 1]?.name });
      }
    }
    throw new FallbackExhaustedError(
      `every fallback target failed: ${skipped.map((s) => `${s.target} (${s.reason})`).join(', ')}`,
      skipped,
    );
  }
}

/** Internal marker: the chain's deadline passed before this target could start. */
class DeadlineSkip extends Error {}
