/** Example 6 against three real servers: requests spread, move off a killed server, then fall back tier by tier. */
import { describe, expect, it } from 'vitest';
import { main as failover } from '../06-failover.js';

describe('failover', () => {
  it('moves requests off a killed server and falls back to the in-process engine, then the empirical scorer', async () => {
    const r = await failover([], () => undefined);
    const [up, oneDown, noneLeft, engineFailing] = r.phases;
    expect(up!.tiers.every((t) => t === 'remote')).toBe(true);
    expect(new Set(up!.servedBy)).toEqual(new Set(r.servers));
    expect(oneDown!.tiers.every((t) => t === 'remote')).toBe(true);
    expect(oneDown!.servedBy).not.toContain(r.killed);
    expect(new Set(oneDown!.servedBy).size).toBe(2);
    // Every server down: the remote tier fails and the call is served in this process.
    expect(['in-process', 'empirical']).toContain(noneLeft!.tiers[0]);
    const remoteSkip = noneLeft!.fallbacks[0]![0]!;
    expect(remoteSkip.tier).toBe('remote');
    expect(['error', 'no-endpoints']).toContain(remoteSkip.reason);
    if (noneLeft!.tiers[0] === 'empirical')
      expect(noneLeft!.fallbacks[0]![1]).toMatchObject({ tier: 'in-process', reason: 'unavailable' });
    expect(engineFailing!.tiers).toEqual(['empirical']);
    expect(engineFailing!.servedBy).toEqual(['vina-1.2']);
    expect(engineFailing!.fallbacks[0]!.map((f) => f.tier)).toEqual(['remote', 'in-process']);
    expect(engineFailing!.fallbacks[0]![1]!.message).toContain('simulated');
    // The empirical scorer gives the server's value for the same pose when the server also serves Vina.
    if (up!.models[0] === 'vina') expect(engineFailing!.pK[0]).toBeCloseTo(up!.pK[0]!, 6);
    expect(engineFailing!.models).toEqual(['vina-1.2']);
  });
});
