/** The sweep timer under vitest fake timers: TTL expiry and removal happen on their own, with no manual sweep. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Registry } from '../../src/core/registry.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('sweep timer', () => {
  it('a silent TTL instance turns critical on the next sweep, then leaves discovery and the registry', async () => {
    const registry = await Registry.open({ sweepIntervalMs: 1_000 });
    const instance = await registry.register({
      id: 'c1',
      service: 'compass',
      address: '127.0.0.1',
      port: 7000,
      check: { type: 'ttl', ttlMs: 5_000, deregisterCriticalAfterMs: 10_000 },
    });
    const start = await registry.instances({ service: 'compass' });
    const blocked = registry.query({ service: 'compass' }, { index: start.index, waitMs: 60_000 });

    await vi.advanceTimersByTimeAsync(4_000);
    await registry.ttlUpdate('c1', 'pass');
    await vi.advanceTimersByTimeAsync(5_000); // 5 s since the report: not yet past the TTL
    expect((await registry.get('c1'))?.status).toBe('passing');
    await vi.advanceTimersByTimeAsync(1_000);
    const expired = await registry.get('c1');
    expect(expired).toMatchObject({ status: 'critical', note: 'TTL of 5000 ms expired' });
    expect(expired?.lastHeartbeatAt).toBe(instance.registeredAt + 4_000);
    expect((await blocked).instances).toEqual([]);

    await vi.advanceTimersByTimeAsync(9_000);
    expect(await registry.get('c1')).toBeDefined();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await registry.get('c1')).toBeUndefined();
    await registry.close();
  });

  it('close stops the sweep: no timer is left behind', async () => {
    const registry = await Registry.open({ sweepIntervalMs: 1_000 });
    await registry.register({
      service: 'compass',
      address: '127.0.0.1',
      port: 1,
      check: { type: 'ttl', ttlMs: 10 },
    });
    await registry.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
