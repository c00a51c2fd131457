/** Rate limits per key and route class: 429 with Retry-After in the error envelope. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startTestServer, type TestServer } from './harness.js';

let s: TestServer;
let other: string;
beforeAll(async () => {
  s = await startTestServer({ rateLimits: { read: { windowMs: 60_000, limit: 3 } } });
  other = (
    (await (await s.call('POST', '/api/v1/keys', { body: { name: 'b', role: 'admin' } })).json()) as {
      token: string;
    }
  ).token;
});
afterAll(async () => {
  await s.close();
  removeDir(s.dataDir);
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once a key spends its read budget', async () => {
    for (let i = 0; i < 3; i++) expect((await s.call('GET', '/api/v1/tasks')).status).toBe(200);
    const res = await s.call('GET', '/api/v1/tasks', { headers: { 'x-request-id': 'limited' } });
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await res.json()).toEqual({
      error: { code: 'RATE_LIMITED', message: 'rate limit of 3 read calls per 60 s exceeded' },
      requestId: 'limited',
    });
  });

  it('keeps separate budgets per key and per route class', async () => {
    expect((await s.call('GET', '/api/v1/tasks', { token: other })).status).toBe(200);
    expect((await s.call('POST', '/api/v1/tasks', { body: { name: 'still allowed' } })).status).toBe(201);
  });

  it('never limits the public health routes', async () => {
    for (let i = 0; i < 5; i++) expect((await s.call('GET', '/health')).status).toBe(200);
  });
});
