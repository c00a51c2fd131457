/** Runs the storage contract on SQLite, plus SQLite-specific checks: persistence on disk and migrations. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, SqliteStorage } from '../src/storage/index.js';
import { describeStorageContract } from './storage-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'compass-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

describeStorageContract('sqlite', async () => SqliteStorage.open(join(dir, `c${n++}.db`)));

describe('SqliteStorage on disk', () => {
  it('keeps records across reopen, in WAL mode, at the latest schema version', async () => {
    const file = join(dir, 'persist.db');
    const a = SqliteStorage.open(file);
    const t = await a.createTask({
      name: 'keep',
      mode: 'production',
      config: { epochs: 2, batchSize: 8, learningRate: 0.01, optimiser: 'sgd', model: { layers: 3 } },
    });
    await a.close();
    await a.close();
    const b = SqliteStorage.open(file);
    expect(await b.getTask(t.id)).toEqual(t);
    await b.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare('SELECT version FROM schema_version').get()).toEqual({ version: MIGRATIONS.length });
    raw.close();
  });

  it('refuses a database from a newer server', async () => {
    const file = join(dir, 'newer.db');
    await SqliteStorage.open(file).close();
    const raw = new Database(file);
    raw.prepare('UPDATE schema_version SET version = 99').run();
    raw.close();
    expect(() => SqliteStorage.open(file)).toThrow(/newer than this server/);
  });
});
