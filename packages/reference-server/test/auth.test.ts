/** Auth generated from the route table: every API route refuses a missing key, every mutating one a weaker role. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { API_ROUTES, isMutating } from '../src/http/index.js';
import { type KeyRole } from '../src/storage/records.js';
import { removeDir, startTestServer, tempDir, type TestServer } from './harness.js';

const ROLES: readonly KeyRole[] = ['read', 'predict', 'train', 'admin'];
const tokens: Partial<Record<KeyRole, string>> = {};
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  for (const role of ROLES) {
    const res = await s.call('POST', '/api/v1/keys', { body: { name: `k-${role}`, role } });
    tokens[role] = ((await res.json()) as { token: string }).token;
  }
});
afterAll(async () => {
  await s.close();
  removeDir(s.dataDir);
});

const concrete = (path: string) => path.replace(/:(\w+)/g, 'some-$1');
const weaker = (role: KeyRole) => ROLES.slice(0, ROLES.indexOf(role));

describe('auth from the route table', () => {
  it('has no mutating route open to read keys', () => {
    expect(API_ROUTES.filter(isMutating).filter((r) => r.role === 'read')).toEqual([]);
    expect(API_ROUTES.filter(isMutating).length).toBeGreaterThanOrEqual(9);
  });

  for (const route of API_ROUTES) {
    const label = `${route.method.toUpperCase()} ${route.path}`;
    it(`${label} refuses a missing or unknown key with 401`, async () => {
      for (const token of [null, 'cmp_not-a-real-token']) {
        const res = await s.call(route.method, concrete(route.path), {
          token,
          body: isMutating(route) ? {} : undefined,
        });
        expect([label, res.status]).toEqual([label, 401]);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
      }
    });
    if (isMutating(route) || route.role !== 'read') {
      it(`${label} refuses keys weaker than ${route.role} with 403`, async () => {
        for (const role of weaker(route.role)) {
          const res = await s.call(route.method, concrete(route.path), {
            token: tokens[role] as string,
            body: isMutating(route) ? {} : undefined,
          });
          expect([label, role, res.status]).toEqual([label, role, 403]);
          expect(((await res.json()) as { error: { details: object } }).error.details).toEqual({
            need: route.role,
            have: role,
          });
        }
      });
    }
  }

  it('accepts X-API-Key as well as Bearer, and refuses a revoked key', async () => {
    const res = await s.call('GET', '/api/v1/tasks', {
      token: null,
      headers: { 'x-api-key': tokens.read as string },
    });
    expect(res.status).toBe(200);
    const list = (await (await s.call('GET', '/api/v1/keys')).json()) as {
      items: { id: string; name: string }[];
    };
    const id = list.items.find((k) => k.name === 'k-read')?.id as string;
    expect((await s.call('DELETE', `/api/v1/keys/${id}`)).status).toBe(200);
    expect((await s.call('GET', '/api/v1/tasks', { token: tokens.read as string })).status).toBe(401);
  });
});

describe('open development mode', () => {
  it('lets keyless calls act as admin and logs a warning', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (l: string) => void lines.push(l) });
    const dir = tempDir();
    const open = await startTestServer({ dataDir: dir, open: true, logger });
    try {
      expect((await open.call('POST', '/api/v1/tasks', { token: null, body: { name: 'dev' } })).status).toBe(
        201,
      );
      expect((await open.call('GET', '/api/v1/keys', { token: null })).status).toBe(200);
      expect(lines.some((l) => l.includes('open development mode'))).toBe(true);
    } finally {
      await open.close();
      removeDir(dir);
    }
  });
});
