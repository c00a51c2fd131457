/** Key routes: create returns the token once, list hides hashes, revoke is idempotent; first-start admin key file. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/keys/tokens.js';
import { removeDir, startTestServer, type TestServer } from './harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s.close();
  removeDir(s.dataDir);
});

describe('keys', () => {
  it('writes the first-start admin token to admin.key with mode 0600, storing only its hash', async () => {
    expect(s.admin).toMatch(/^cmp_[\w-]{43}$/);
    const file = join(s.dataDir, 'admin.key');
    expect(readFileSync(file, 'utf8')).toBe(`${s.admin}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = await s.storage.findKeyByHash(hashToken(s.admin));
    expect(stored).toMatchObject({ role: 'admin', name: 'first-start admin' });
    const db = readFileSync(join(s.dataDir, 'compass.db'));
    expect(db.includes(Buffer.from(s.admin))).toBe(false);
  });

  it('creates a key, shows its token once and lists keys without hashes', async () => {
    const res = await s.call('POST', '/api/v1/keys', { body: { name: 'ci', role: 'predict' } });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(created).sort()).toEqual([
      'createdAt',
      'id',
      'lastUsedAt',
      'name',
      'revoked',
      'role',
      'token',
    ]);
    expect(created).toMatchObject({ name: 'ci', role: 'predict', revoked: false });
    const list = (await (await s.call('GET', '/api/v1/keys')).json()) as { items: Record<string, unknown>[] };
    expect(list.items.map((k) => k.name)).toEqual(['ci', 'first-start admin']);
    expect(list.items.every((k) => !('hash' in k) && !('token' in k))).toBe(true);
    const first = await s.call('GET', '/api/v1/keys?limit=1');
    expect(((await first.json()) as { nextCursor: string | null }).nextCursor).not.toBeNull();
  });

  it('records last use', async () => {
    const { token, id } = (await (
      await s.call('POST', '/api/v1/keys', { body: { name: 'used', role: 'read' } })
    ).json()) as { token: string; id: string };
    expect((await s.storage.getKey(id))?.lastUsedAt).toBeNull();
    await s.call('GET', '/api/v1/tasks', { token });
    await new Promise((r) => setImmediate(r));
    expect((await s.storage.getKey(id))?.lastUsedAt).not.toBeNull();
  });

  it('revokes idempotently, 404 for unknown ids, 400 for bad roles', async () => {
    const { id } = (await (
      await s.call('POST', '/api/v1/keys', { body: { name: 'tmp', role: 'read' } })
    ).json()) as {
      id: string;
    };
    const r1 = await s.call('DELETE', `/api/v1/keys/${id}`);
    expect(((await r1.json()) as { revoked: boolean }).revoked).toBe(true);
    expect((await s.call('DELETE', `/api/v1/keys/${id}`)).status).toBe(200);
    expect((await s.call('DELETE', '/api/v1/keys/nope')).status).toBe(404);
    const bad = await s.call('POST', '/api/v1/keys', { body: { name: 'x', role: 'root' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^body\.role: /);
  });
});
