/** The storage contract on a real PostgreSQL server, plus what only a shared store must do: two instances racing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import {
  PG_MIGRATIONS,
  PostgresStorage,
  createStorage,
  storageEngine,
} from '../../src/storage/postgres/index.js';
import { SqliteStorage } from '../../src/storage/index.js';
import { describeStorageContract } from '../storage-contract.js';
import { servicesUnavailable, startPostgres, type Service } from './services.js';

const skip = servicesUnavailable() !== undefined;
let db: Service | undefined;
let n = 0;
const schema = () => `t${process.pid}_${n++}`;

describe.skipIf(skip)('PostgresStorage', () => {
  beforeAll(async () => {
    db = await startPostgres();
  });
  afterAll(async () => {
    await db?.stop();
  });

  describeStorageContract('postgres', () => PostgresStorage.open(db!.url, { schema: schema() }));

  it('lets two instances on one database see each other and race a transition with one winner', async () => {
    const s = schema();
    const [a, b] = await Promise.all([
      PostgresStorage.open(db!.url, { schema: s }),
      PostgresStorage.open(db!.url, { schema: s }),
    ]);
    const t = await a.createTask({
      name: 'shared',
      mode: 'smoke_test',
      config: { epochs: 1, batchSize: 4, learningRate: 0.001, optimiser: 'adam', model: {} },
    });
    expect(await b.getTask(t.id)).toEqual(t);
    await a.updateTask(t.id, { state: 'queued' }, ['pending']);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? a : b).updateTask(t.id, { state: 'running', owner: `w${i}` }, ['queued']),
      ),
    );
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    const base = { aliases: [], card: {}, packagePath: 'm', sha256: 'e'.repeat(64) };
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? a : b).putModel({ id: `m${i}`, name: `m${i}`, isDefault: true, ...base }),
      ),
    );
    const models = (await b.listModels()).items;
    expect(models).toHaveLength(6);
    expect(models.filter((m) => m.isDefault)).toHaveLength(1);
    await a.close();
    await b.close();
  });

  it('recovers only tasks whose owning server is gone, not those of a live server', async () => {
    const s = schema();
    const a = await PostgresStorage.open(db!.url, { schema: s });
    const b = await PostgresStorage.open(db!.url, { schema: s });
    const cfg = { epochs: 1, batchSize: 4, learningRate: 0.001, optimiser: 'adam', model: {} } as const;
    const t = await a.createTask({ name: 'held', mode: 'smoke_test', config: cfg });
    await a.updateTask(t.id, { state: 'queued' });
    expect(await a.claimTask(t.id, 'server-a')).toBeDefined();
    await a.updateTask(t.id, { state: 'running' }, ['queued']);
    expect(await b.recoverInterruptedTasks()).toEqual([]);
    expect(await a.recoverInterruptedTasks()).toEqual([]);
    expect((await b.getTask(t.id))?.state).toBe('running');
    await a.close();
    const recovered = await b.recoverInterruptedTasks();
    expect(recovered.map((x) => [x.id, x.state])).toEqual([[t.id, 'failed']]);
    await b.close();
  });

  it('migrates to the latest version and refuses a newer database', async () => {
    const s = schema();
    await (await PostgresStorage.open(db!.url, { schema: s })).close();
    const client = new pg.Client({ connectionString: db!.url });
    await client.connect();
    expect((await client.query(`SELECT version FROM ${s}.schema_version`)).rows).toEqual([
      { version: PG_MIGRATIONS.length },
    ]);
    await client.query(`UPDATE ${s}.schema_version SET version = 99`);
    await client.end();
    await expect(PostgresStorage.open(db!.url, { schema: s })).rejects.toThrow(/newer than this server/);
    await expect(PostgresStorage.open(db!.url, { schema: 'Bad-Name' })).rejects.toThrow(
      /invalid PostgreSQL schema/,
    );
  });

  it('createStorage picks the engine from the URL', async () => {
    expect(storageEngine('postgresql://x/y')).toBe('postgres');
    expect(storageEngine('sqlite:/tmp/x.db')).toBe('sqlite');
    const p = await createStorage(db!.url, { schema: schema() });
    expect(p).toBeInstanceOf(PostgresStorage);
    await p.close();
    const sq = await createStorage('sqlite::memory:');
    expect(sq).toBeInstanceOf(SqliteStorage);
    await sq.close();
    await expect(createStorage('sqlite:')).rejects.toThrow(/needs a path/);
  });
});
