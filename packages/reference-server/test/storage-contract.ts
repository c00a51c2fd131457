/** The contract every Storage implementation must pass (SQLite now, PostgreSQL later). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type NewTask, type Storage } from '../src/storage/index.js';

const task = (name: string, over: Partial<NewTask> = {}): NewTask => ({
  name,
  mode: 'smoke_test',
  config: { epochs: 1, batchSize: 4, learningRate: 0.001, optimiser: 'adam', model: {} },
  ...over,
});
const sha = (c: string) => c.repeat(64);

/** Registers the shared storage contract for one implementation; `makeStorage` gives a fresh empty store. */
export function describeStorageContract(name: string, makeStorage: () => Promise<Storage>): void {
  describe(`storage contract: ${name}`, () => {
    let s: Storage;
    beforeEach(async () => {
      s = await makeStorage();
    });
    afterEach(async () => {
      await s.close();
    });

    it('creates, reads and deletes tasks', async () => {
      const t = await s.createTask(task('a'));
      expect(t).toMatchObject({ name: 'a', state: 'pending', progress: 0, error: null, modelId: null });
      expect(await s.getTask(t.id)).toEqual(t);
      expect(await s.deleteTask(t.id)).toBe(true);
      expect(await s.deleteTask(t.id)).toBe(false);
      expect(await s.getTask(t.id)).toBeUndefined();
    });

    it('rejects invalid task records', async () => {
      await expect(s.createTask({ ...task('x'), mode: 'bogus' as never })).rejects.toThrow();
      await expect(s.createTask(task(''))).rejects.toThrow();
    });

    it('pages tasks newest first by cursor with filters', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++)
        ids.push((await s.createTask(task(`t${i}`, { mode: i % 2 ? 'production' : 'smoke_test' }))).id);
      const p1 = await s.listTasks({ limit: 2 });
      expect(p1.items.map((t) => t.id)).toEqual([ids[4], ids[3]]);
      const p2 = await s.listTasks({ limit: 2, cursor: p1.nextCursor as string });
      expect(p2.items.map((t) => t.id)).toEqual([ids[2], ids[1]]);
      const p3 = await s.listTasks({ limit: 2, cursor: p2.nextCursor as string });
      expect(p3.items.map((t) => t.id)).toEqual([ids[0]]);
      expect(p3.nextCursor).toBeNull();
      expect((await s.listTasks({ mode: 'production' })).items.map((t) => t.id)).toEqual([ids[3], ids[1]]);
      await s.updateTask(ids[0] as string, { state: 'failed' });
      expect((await s.listTasks({ state: ['failed', 'succeeded'] })).items.map((t) => t.id)).toEqual([
        ids[0],
      ]);
      await expect(s.listTasks({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    });

    it('updates tasks with compare-and-set on state', async () => {
      const t = await s.createTask(task('cas'));
      expect(await s.updateTask(t.id, { state: 'running' }, ['queued'])).toBeUndefined();
      expect((await s.getTask(t.id))?.state).toBe('pending');
      const u = await s.updateTask(t.id, { state: 'queued', progress: 0.5 }, ['pending']);
      expect(u).toMatchObject({ state: 'queued', progress: 0.5 });
      expect(u && u.updatedAt > t.updatedAt).toBe(true);
      expect(await s.updateTask('missing', { state: 'queued' })).toBeUndefined();
      await expect(s.updateTask(t.id, { progress: 2 })).rejects.toThrow();
    });

    it('lets exactly one owner claim a queued task', async () => {
      const t = await s.createTask(task('claim'));
      expect(await s.claimTask(t.id, 'w1')).toBeUndefined();
      await s.updateTask(t.id, { state: 'queued' });
      const [a, b] = await Promise.all([s.claimTask(t.id, 'w1'), s.claimTask(t.id, 'w2')]);
      expect(a?.owner).toBe('w1');
      expect(b).toBeUndefined();
      expect((await s.claimTask(t.id, 'w1'))?.owner).toBe('w1');
    });

    it('appends logs with monotonic cursors and reads pages from a cursor', async () => {
      const t = await s.createTask(task('logs'));
      const other = await s.createTask(task('other'));
      const first = await s.appendTaskLogs(t.id, [
        { level: 'info', message: 'a' },
        { level: 'warn', message: 'b' },
      ]);
      await s.appendTaskLogs(other.id, [{ level: 'info', message: 'x' }]);
      const second = await s.appendTaskLogs(t.id, [{ level: 'error', message: 'c' }]);
      const cursors = [...first, ...second].map((e) => e.cursor);
      expect(cursors).toEqual([...cursors].sort((x, y) => x - y));
      expect(new Set(cursors).size).toBe(3);
      expect((await s.readTaskLogs(t.id)).map((e) => e.message)).toEqual(['a', 'b', 'c']);
      expect((await s.readTaskLogs(t.id, first[0]?.cursor, 1)).map((e) => e.message)).toEqual(['b']);
      expect(await s.readTaskLogs(t.id, second[0]?.cursor)).toEqual([]);
      await expect(s.appendTaskLogs('missing', [{ level: 'info', message: 'z' }])).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('records metrics per epoch, replacing a repeated epoch', async () => {
      const t = await s.createTask(task('metrics'));
      await s.recordTaskMetric(t.id, 1, { loss: 2 });
      await s.recordTaskMetric(t.id, 0, { loss: 3 });
      await s.recordTaskMetric(t.id, 1, { loss: 1.5, rmse: 1 });
      const m = await s.listTaskMetrics(t.id);
      expect(m.map((x) => [x.epoch, x.values])).toEqual([
        [0, { loss: 3 }],
        [1, { loss: 1.5, rmse: 1 }],
      ]);
      await expect(s.recordTaskMetric('missing', 0, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await s.deleteTask(t.id);
      expect(await s.listTaskMetrics(t.id)).toEqual([]);
    });

    it('recovers interrupted tasks: failed, paused by the callback, cancelling -> cancelled, queued -> pending', async () => {
      const run = await s.createTask(task('run'));
      const ckpt = await s.createTask(task('ckpt'));
      const canc = await s.createTask(task('canc'));
      const done = await s.createTask(task('done'));
      const queued = await s.createTask(task('queued'));
      await s.updateTask(queued.id, { state: 'queued', owner: 'dead-server' });
      await s.updateTask(run.id, { state: 'running' });
      await s.updateTask(ckpt.id, { state: 'running' });
      await s.updateTask(canc.id, { state: 'cancelling' });
      await s.updateTask(done.id, { state: 'succeeded' });
      const changed = await s.recoverInterruptedTasks((t) => (t.id === ckpt.id ? 'paused' : 'failed'));
      expect(changed.map((t) => t.id).sort()).toEqual([run.id, ckpt.id, canc.id, queued.id].sort());
      expect(await s.getTask(queued.id)).toMatchObject({
        state: 'pending',
        owner: null,
        error: 'server restarted before the task began',
      });
      expect(await s.getTask(run.id)).toMatchObject({
        state: 'failed',
        error: 'server restarted while the task was running',
      });
      expect((await s.getTask(run.id))?.finishedAt).not.toBeNull();
      expect(await s.getTask(ckpt.id)).toMatchObject({ state: 'paused', finishedAt: null });
      expect((await s.getTask(canc.id))?.state).toBe('cancelled');
      expect((await s.getTask(done.id))?.state).toBe('succeeded');
      expect(await s.recoverInterruptedTasks()).toEqual([]);
    });

    it('stores datasets through their status lifecycle', async () => {
      const d = await s.createDataset({ id: 'ds1', name: 'toy', description: 'd' });
      expect(d).toMatchObject({ status: 'pending', reason: null, file: null, counts: {} });
      const file = { path: 'datasets/ds1/archive.zip', originalName: 'a.zip', size: 10, sha256: sha('a') };
      await s.updateDataset('ds1', { status: 'processing', file });
      const r = await s.updateDataset('ds1', { status: 'ready', counts: { complexes: 3 } });
      expect(r).toMatchObject({ status: 'ready', file, counts: { complexes: 3 } });
      expect(await s.getDataset('ds1')).toEqual(r);
      await s.createDataset({ id: 'ds2', name: 'bad', description: '' });
      await s.updateDataset('ds2', { status: 'error', reason: 'broken archive' });
      expect((await s.listDatasets({ status: 'error' })).items.map((x) => [x.id, x.reason])).toEqual([
        ['ds2', 'broken archive'],
      ]);
      expect((await s.listDatasets({ limit: 1 })).items.map((x) => x.id)).toEqual(['ds2']);
      expect(await s.updateDataset('missing', { status: 'ready' })).toBeUndefined();
      await expect(s.updateDataset('ds1', { status: 'gone' as never })).rejects.toThrow();
      expect(await s.deleteDataset('ds1')).toBe(true);
      expect(await s.getDataset('ds1')).toBeUndefined();
    });

    it('keeps exactly one default model and resolves aliases', async () => {
      const base = { card: { task: 'pK' }, packagePath: 'models/m.cmp', sha256: sha('b') };
      const m1 = await s.putModel({ id: 'm1', name: 'one', aliases: ['stable'], ...base });
      expect(m1.isDefault).toBe(true);
      const m2 = await s.putModel({ id: 'm2', name: 'two', aliases: ['latest'], ...base });
      expect(m2.isDefault).toBe(false);
      expect((await s.getModel('latest'))?.id).toBe('m2');
      expect(await s.getModel('nope')).toBeUndefined();
      await s.setDefaultModel('m2');
      expect((await s.getDefaultModel())?.id).toBe('m2');
      expect((await s.getModel('m1'))?.isDefault).toBe(false);
      await s.putModel({ id: 'm3', name: 'three', aliases: [], isDefault: true, ...base });
      const all = (await s.listModels()).items;
      expect(all.filter((m) => m.isDefault).map((m) => m.id)).toEqual(['m3']);
      await expect(s.setDefaultModel('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(s.putModel({ id: 'm4', name: 'dup', aliases: ['stable'], ...base })).rejects.toThrow();
      expect(await s.getModel('m4')).toBeUndefined();
      expect(await s.deleteModel('m3')).toBe(true);
      expect((await s.getDefaultModel())?.id).toBe('m2');
    });

    it('stores key hashes, finds by hash, revokes and touches', async () => {
      const k = await s.createKey({ name: 'ci', role: 'train', hash: sha('c') });
      expect(k).toMatchObject({ role: 'train', revoked: false, lastUsedAt: null });
      expect((await s.findKeyByHash(sha('c')))?.id).toBe(k.id);
      await s.touchKey(k.id, new Date('2026-01-02T03:04:05.000Z'));
      expect((await s.getKey(k.id))?.lastUsedAt).toBe('2026-01-02T03:04:05.000Z');
      expect(await s.countActiveKeys()).toBe(1);
      expect((await s.revokeKey(k.id))?.revoked).toBe(true);
      expect((await s.revokeKey(k.id))?.revoked).toBe(true);
      expect(await s.findKeyByHash(sha('c'))).toBeUndefined();
      expect(await s.countActiveKeys()).toBe(0);
      expect(await s.revokeKey('missing')).toBeUndefined();
      await expect(s.createKey({ name: 'x', role: 'root' as never, hash: sha('d') })).rejects.toThrow();
      expect((await s.listKeys()).items).toHaveLength(1);
    });
  });
}
