/** Model record routes: list, get by id or alias, choose the default (which drives readiness). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Model } from '../src/storage/records.js';
import { removeDir, startTestServer, type TestServer } from './harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  const base = { card: { target: 'pK' }, packagePath: 'models/x.cmp', sha256: 'f'.repeat(64) };
  await s.storage.putModel({ id: 'm1', name: 'first', aliases: ['stable'], ...base });
  await s.storage.putModel({ id: 'm2', name: 'second', aliases: ['canary'], ...base });
});
afterAll(async () => {
  await s.close();
  removeDir(s.dataDir);
});

describe('models', () => {
  it('lists newest first and gets by id or alias', async () => {
    const list = (await (await s.call('GET', '/api/v1/models')).json()) as {
      items: Model[];
      nextCursor: null;
    };
    expect(list.items.map((m) => [m.id, m.isDefault])).toEqual([
      ['m2', false],
      ['m1', false],
      ['vina', true],
    ]);
    expect(((await (await s.call('GET', '/api/v1/models/canary')).json()) as Model).id).toBe('m2');
    const missing = await s.call('GET', '/api/v1/models/none');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('switches the one default by alias', async () => {
    const res = await s.call('POST', '/api/v1/models/canary/default');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 'm2', isDefault: true });
    expect((await s.storage.getDefaultModel())?.id).toBe('m2');
    expect((await s.call('POST', '/api/v1/models/none/default')).status).toBe(404);
  });
});
