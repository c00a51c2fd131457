/** The fallback chain: which target served, and why each earlier target was skipped. */
import { describe, expect, it } from 'vitest';
import { Balancer } from '../src/balancer.js';
import { AbortedError, DeadlineExceededError, FallbackExhaustedError } from '../src/errors/errors.js';
import { FallbackChain, balancerTarget, type FallbackTarget } from '../src/fallback-chain.js';
import { ScriptedTransport, type Behaviour } from './helpers.js';

const value = (name: string, v: string): FallbackTarget<string, string> => ({ name, call: async () => v });
const failing = (name: string, e: unknown): FallbackTarget<string, string> => ({
  name,
  call: async () => {
    throw e;
  },
});

describe('FallbackChain', () => {
  it('serves from the first target when it succeeds', async () => {
    const chain = new FallbackChain([value('remote', 'r'), value('local', 'l')]);
    expect(await chain.call('x')).toEqual({ value: 'r', servedBy: 'remote', skipped: [] });
  });

  it('records no-endpoints, breaker-open, deadline and error reasons in order', async () => {
    const empty = new Balancer({ endpoints: [], transport: new ScriptedTransport({}) });
    const t = new ScriptedTransport({ a: (): Behaviour => ({ fail: 'status', status: 503 }) });
    const broken = new Balancer({
      endpoints: ['a'],
      transport: t,
      outlier: false,
      breaker: { mode: { kind: 'consecutive', threshold: 1 } },
      retry: { maxRetries: 0 },
    });
    const chain = new FallbackChain([
      balancerTarget('pool', empty),
      balancerTarget('secondary', broken),
      failing('engine', new DeadlineExceededError('too slow')),
      failing('plugin', new Error('crashed')),
      value('builtin', 'scored'),
    ]);
    const moves: string[] = [];
    chain.on('fallback', (e) => moves.push(`${e.from}->${e.to}:${e.reason}`));
    const result = await chain.call('x');
    expect(result.value).toBe('scored');
    expect(result.servedBy).toBe('builtin');
    expect(result.skipped.map((s) => [s.target, s.reason])).toEqual([
      ['pool', 'no-endpoints'],
      ['secondary', 'breaker-open'],
      ['engine', 'deadline'],
      ['plugin', 'error'],
    ]);
    expect(result.skipped[1]!.error).toMatchObject({ code: 'HTTP_STATUS', status: 503 });
    expect(moves).toEqual([
      'pool->secondary:no-endpoints',
      'secondary->engine:breaker-open',
      'engine->plugin:deadline',
      'plugin->builtin:error',
    ]);
  });

  it('throws FALLBACK_EXHAUSTED with every reason when all fail', async () => {
    const chain = new FallbackChain([failing('a', new Error('x')), failing('b', new Error('y'))]);
    const e = await chain.call('x').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(FallbackExhaustedError);
    expect((e as FallbackExhaustedError).skipped.map((s) => s.reason)).toEqual(['error', 'error']);
  });

  it('skips targets once the chain deadline has passed', async () => {
    let now = 0;
    const slow: FallbackTarget<string, string> = {
      name: 'slow',
      call: async () => {
        now = 200;
        throw new Error('late');
      },
    };
    const chain = new FallbackChain([slow, value('never', 'n')], () => now);
    const e = (await chain
      .call('x', { deadlineMs: 100 })
      .catch((err: unknown) => err)) as FallbackExhaustedError;
    expect(e.skipped.map((s) => [s.target, s.reason])).toEqual([
      ['slow', 'error'],
      ['never', 'deadline'],
    ]);
  });

  it('stops at once when the caller aborts', async () => {
    const ctl = new AbortController();
    const calls: string[] = [];
    const chain = new FallbackChain<string, string>([
      {
        name: 'a',
        call: async () => {
          calls.push('a');
          ctl.abort();
          throw new Error('aborted');
        },
      },
      value('b', 'b'),
    ]);
    await expect(chain.call('x', { signal: ctl.signal })).rejects.toBeInstanceOf(AbortedError);
    expect(calls).toEqual(['a']);
  });
});
