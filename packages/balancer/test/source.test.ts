/** Endpoints from a registry InstanceSource: filtering, weights, live updates, and errors. */
import type { Instance, InstanceSource } from '@compass/registry-sdk';
import { describe, expect, it } from 'vitest';
import { Balancer } from '../src/balancer.js';
import { endpointFromInstance, instanceWeight } from '../src/endpoint.js';
import { BALANCER_ERROR_CODES, isBalancerError, isRetryable } from '../src/errors/balancer-error.js';
import * as api from '../src/index.js';
import { ScriptedTransport, ok } from './helpers.js';

function instance(id: string, extra: Partial<Instance> = {}): Instance {
  return {
    id,
    service: 'compass',
    address: '127.0.0.1',
    port: 8000,
    tags: [],
    metadata: {},
    weight: 1,
    status: 'passing',
    draining: false,
    registeredAt: 0,
    lastHeartbeatAt: 0,
    ...extra,
  };
}

class FakeSource implements InstanceSource {
  private listeners = new Set<(i: readonly Instance[]) => void>();
  constructor(public instances: Instance[]) {}
  current() {
    return this.instances;
  }
  subscribe(listener: (i: readonly Instance[]) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(instances: Instance[]) {
    this.instances = instances;
    for (const l of this.listeners) l(instances);
  }
  get listenerCount() {
    return this.listeners.size;
  }
}

describe('registry source', () => {
  it('skips draining and non-passing instances and follows updates', async () => {
    const source = new FakeSource([
      instance('a'),
      instance('b', { draining: true, status: 'maintenance' }),
      instance('c', { status: 'critical' }),
      instance('d', { status: 'warning' }),
    ]);
    const t = new ScriptedTransport({ a: ok('a'), b: ok('b'), c: ok('c'), d: ok('d'), e: ok('e') });
    const balancer = new Balancer({ source, transport: t });
    expect(balancer.endpoints().map((e) => e.id)).toEqual(['a']);
    source.set([instance('e')]);
    expect(await balancer.call('GET')).toBe('e');
    source.set([]);
    await expect(balancer.call('GET')).rejects.toMatchObject({ code: 'NO_ENDPOINT' });
    balancer.close();
    expect(source.listenerCount).toBe(0);
  });

  it('takes weights from metadata.weight, else Instance.weight', () => {
    expect(instanceWeight(instance('a', { weight: 3 }))).toBe(3);
    expect(instanceWeight(instance('a', { weight: 3, metadata: { weight: '7.5' } }))).toBe(7.5);
    expect(instanceWeight(instance('a', { weight: 0, metadata: { weight: 'x' } }))).toBe(1);
    expect(endpointFromInstance(instance('a', { url: 'https://x.example' })).url).toBe('https://x.example');
    expect(endpointFromInstance(instance('a')).url).toBe('http://127.0.0.1:8000');
  });

  it('keeps breaker and ejection state across list refreshes', async () => {
    const source = new FakeSource([instance('a'), instance('b')]);
    const t = new ScriptedTransport({ a: () => ({ fail: 'connection-refused' }), b: ok('b') });
    const balancer = new Balancer({
      source,
      transport: t,
      outlier: false,
      breaker: { mode: { kind: 'consecutive', threshold: 1 }, openMs: 60_000 },
      picker: 'round-robin',
    });
    await balancer.call('GET');
    expect(balancer.breakerState('a')).toBe('open');
    source.set([instance('a', { weight: 2 }), instance('b')]);
    expect(balancer.breakerState('a')).toBe('open');
  });
});

describe('errors', () => {
  it('every error class has a literal code from the list, a brand and class-level retryability', () => {
    const errors = [
      new api.NoEndpointError('x'),
      new api.TransportError('x', { kind: 'connection-refused' }),
      new api.TransportError('x', { kind: 'connection-reset' }),
      new api.TransportError('x', { kind: 'timeout' }),
      new api.TransportError('x', { kind: 'status', status: 503 }),
      new api.TransportError('x', { kind: 'other' }),
      new api.CircuitOpenError('x'),
      new api.BulkheadRejectedError('x', 'overall'),
      new api.DeadlineExceededError('x'),
      new api.AbortedError('x'),
      new api.FallbackExhaustedError('x', []),
    ];
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set(BALANCER_ERROR_CODES));
    for (const e of errors) expect(isBalancerError(e)).toBe(true);
    expect(isBalancerError(new Error('x'))).toBe(false);
    expect(errors.filter(isRetryable).map((e) => e.code)).toEqual([
      'CONNECTION_REFUSED',
      'CONNECTION_RESET',
      'TIMEOUT',
      'HTTP_STATUS',
    ]);
    expect(isRetryable(new api.TransportError('x', { kind: 'status', status: 404 }))).toBe(false);
    expect(isRetryable(new api.TransportError('x', { kind: 'status', status: 429 }))).toBe(true);
  });
});
