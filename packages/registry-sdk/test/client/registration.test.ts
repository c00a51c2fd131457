/** Background registration against msw: retries with backoff, heartbeats, re-registration, deregistration. */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RegistryClient } from '../../src/client/registry-client.js';
import { heartbeatDelayMs, type RegistrationState } from '../../src/client/registration.js';
import { type RegistrationInput } from '../../src/instance/types.js';
import { BASE, envelope, fakeInstance } from './fixtures.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

let client: RegistryClient;
afterEach(async () => {
  await client.close();
  server.resetHandlers();
});

const input: RegistrationInput = {
  id: 'compass-1',
  service: 'compass',
  address: '10.0.0.1',
  port: 8080,
  check: { type: 'ttl', ttlMs: 90 },
};
const newClient = () => new RegistryClient({ url: BASE, backoff: { initialMs: 5, maxMs: 20 } });

/** Counts calls per route and lets each test script the answers. */
function fakeRegistry(answers: {
  put?: (n: number) => Response;
  ttl?: (n: number) => Response;
  del?: () => Response;
}) {
  const calls = { put: 0, ttl: 0, del: 0 };
  server.use(
    http.put(`${BASE}/v1/instances/compass-1`, () => {
      calls.put += 1;
      return answers.put?.(calls.put) ?? HttpResponse.json(fakeInstance());
    }),
    http.put(`${BASE}/v1/instances/compass-1/ttl/pass`, () => {
      calls.ttl += 1;
      return answers.ttl?.(calls.ttl) ?? HttpResponse.json(fakeInstance());
    }),
    http.delete(`${BASE}/v1/instances/compass-1`, () => {
      calls.del += 1;
      return answers.del?.() ?? HttpResponse.json({ id: 'compass-1', deregistered: true });
    }),
  );
  return calls;
}

describe('Registration', () => {
  it('returns at once and retries in the background until the registry answers', async () => {
    const calls = fakeRegistry({
      put: (n) =>
        n <= 3
          ? HttpResponse.json(envelope('STORE_UNAVAILABLE', 'down'), { status: 503 })
          : HttpResponse.json(fakeInstance()),
    });
    client = newClient();
    const registration = client.register(input);
    expect(registration.state).toBe('registering');
    const errors: Array<[string, number | undefined]> = [];
    const states: RegistrationState[] = [];
    registration.on('error', (err, retryInMs) => errors.push([err.code, retryInMs]));
    registration.on('state', (s) => states.push(s));
    const instance = await registration.whenRegistered();
    expect(instance.id).toBe('compass-1');
    expect(calls.put).toBe(4);
    expect(errors.map(([code]) => code)).toEqual([
      'STORE_UNAVAILABLE',
      'STORE_UNAVAILABLE',
      'STORE_UNAVAILABLE',
    ]);
    for (const [, delay] of errors) expect(delay).toBeGreaterThanOrEqual(0);
    for (const [, delay] of errors) expect(delay).toBeLessThanOrEqual(20);
    expect(states).toEqual(['retrying', 'registered']);
  });

  it('heartbeats with TTL passes at a fraction of the TTL', async () => {
    const calls = fakeRegistry({});
    client = newClient();
    const registration = client.register(input);
    const beats = vi.fn();
    registration.on('heartbeat', beats);
    await registration.whenRegistered();
    await vi.waitFor(() => expect(calls.ttl).toBeGreaterThanOrEqual(3), { timeout: 15_000 });
    expect(beats).toHaveBeenCalled();
    expect(calls.put).toBe(1);
  });

  it('re-registers at once when a heartbeat gets 404 (registry wiped)', async () => {
    const calls = fakeRegistry({
      ttl: (n) =>
        n === 1
          ? HttpResponse.json(envelope('INSTANCE_NOT_FOUND', 'gone'), { status: 404 })
          : HttpResponse.json(fakeInstance()),
    });
    client = newClient();
    const registration = client.register(input);
    const reasons: string[] = [];
    registration.on('registered', (_i, reason) => reasons.push(reason));
    await vi.waitFor(() => expect(reasons).toEqual(['initial', 'not-found']), { timeout: 15_000 });
    expect(calls.put).toBe(2);
    expect(calls.ttl).toBe(1);
  });

  it('registers again (reason "recovered") after heartbeats failed during an outage', async () => {
    // The outage lasts until the test has seen two failures, whatever the timing: while it lasts every call
    // fails at the network level; afterwards every call succeeds.
    let down = false;
    const answer = () => (down ? HttpResponse.error() : HttpResponse.json(fakeInstance()));
    const calls = fakeRegistry({ put: answer, ttl: answer });
    client = newClient();
    const registration = client.register(input);
    const log: string[] = [];
    const codes: string[] = [];
    registration.on('registered', (_i, reason) => log.push(`registered:${reason}`));
    registration.on('heartbeat', () => log.push('heartbeat'));
    registration.on('error', (err) => {
      codes.push(err.code);
      log.push('error');
    });
    await registration.whenRegistered();
    await vi.waitFor(() => expect(log).toContain('heartbeat'), { timeout: 10_000, interval: 5 });
    const putsBeforeOutage = calls.put;
    down = true;
    await vi.waitFor(() => expect(codes.length).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 5 });
    down = false;
    await vi.waitFor(() => expect(log).toContain('registered:recovered'), { timeout: 10_000, interval: 5 });
    const outage = log.slice(log.indexOf('error'), log.indexOf('registered:recovered') + 1);
    // The first failure was a heartbeat; every call after it was a full registration, so no heartbeat
    // succeeded in between, and exactly one registration (the recovering one) succeeded.
    expect(outage.slice(0, -1).every((e) => e === 'error')).toBe(true);
    expect(log.filter((e) => e.startsWith('registered'))).toEqual([
      'registered:initial',
      'registered:recovered',
    ]);
    expect(codes.every((c) => c === 'REGISTRY_UNREACHABLE')).toBe(true);
    expect(calls.put).toBe(putsBeforeOutage + codes.length);
    expect(registration.state).toBe('registered');
  });

  it('spreads heartbeats with jitter that only ever shortens the period', () => {
    const ttl = { check: { type: 'ttl' as const, ttlMs: 900 } };
    expect(heartbeatDelayMs(ttl, {}, () => 0)).toBe(300);
    expect(heartbeatDelayMs(ttl, {}, () => 0.999_999)).toBe(270);
    expect(heartbeatDelayMs(ttl, { heartbeatJitter: 0 }, () => 0.5)).toBe(300);
    expect(heartbeatDelayMs(ttl, { heartbeatJitter: 0.5, heartbeatFraction: 0.5 }, () => 0.5)).toBe(337);
    expect(heartbeatDelayMs({}, { refreshIntervalMs: 1_000, heartbeatJitter: 0.2 }, () => 0.5)).toBe(900);
    expect(heartbeatDelayMs(ttl, { heartbeatJitter: 7 }, () => 1)).toBe(1); // clamped to at most the whole period
    const spread = new Set(Array.from({ length: 200 }, () => heartbeatDelayMs(ttl)));
    for (const d of spread) expect(d >= 270 && d <= 300).toBe(true);
    expect(spread.size).toBeGreaterThan(5);
  });

  it('gives up on a 400 (the input is wrong) and reports it', async () => {
    const calls = fakeRegistry({
      put: () => HttpResponse.json(envelope('VALIDATION_FAILED', 'body.port: too big'), { status: 400 }),
    });
    client = newClient();
    const registration = client.register(input);
    const errors: Array<[string, number | undefined]> = [];
    registration.on('error', (err, retry) => errors.push([err.code, retry]));
    await expect(registration.whenRegistered()).rejects.toThrow('registration failed');
    expect(registration.state).toBe('failed');
    expect(errors).toEqual([['VALIDATION_FAILED', undefined]]);
    expect(calls.put).toBe(1);
  });

  it('deregisters on close, stops heartbeating, and treats 404 on close as done', async () => {
    const calls = fakeRegistry({});
    client = newClient();
    const registration = client.register(input);
    await registration.whenRegistered();
    const deregistered = vi.fn();
    registration.on('deregistered', deregistered);
    await registration.close();
    expect(calls.del).toBe(1);
    expect(deregistered).toHaveBeenCalledWith('compass-1');
    expect(registration.state).toBe('closed');
    const ttlAtClose = calls.ttl;
    await new Promise((r) => setTimeout(r, 80));
    expect(calls.ttl).toBe(ttlAtClose);
    await registration.close();
    expect(calls.del).toBe(1);

    const gone = fakeRegistry({
      del: () => HttpResponse.json(envelope('INSTANCE_NOT_FOUND', 'x'), { status: 404 }),
    });
    const second = client.register(input);
    await second.whenRegistered();
    const done = vi.fn();
    second.on('deregistered', done);
    await second.close();
    expect(gone.del).toBe(1);
    expect(done).toHaveBeenCalledWith('compass-1');
  });

  it('client.close() deregisters every registration', async () => {
    const calls = fakeRegistry({});
    client = newClient();
    const registration = client.register(input);
    await registration.whenRegistered();
    await client.close();
    expect(calls.del).toBe(1);
    expect(registration.state).toBe('closed');
  });

  it('closes (and deregisters) when its AbortSignal aborts', async () => {
    const calls = fakeRegistry({});
    client = newClient();
    const controller = new AbortController();
    const registration = client.register(input, { signal: controller.signal });
    await registration.whenRegistered();
    const closed = new Promise<void>((resolve) => registration.once('closed', () => resolve()));
    controller.abort();
    await closed;
    expect(calls.del).toBe(1);
    expect(registration.state).toBe('closed');
  });
});
