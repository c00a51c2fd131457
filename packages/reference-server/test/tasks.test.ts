/** Task routes over HTTP with a manual runner: create with presets, list/filter/page, actions, logs, metrics, delete. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODE_PRESETS } from '../src/tasks/modes.js';
import { type Task } from '../src/storage/records.js';
import { UnavailableTaskRunner } from '../src/tasks/runner.js';
import { removeDir, startTestServer, type TestServer } from './harness.js';
import { ManualRunner } from './test-runner.js';

const runner = new ManualRunner();
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ runner });
});
afterAll(async () => {
  await s.close();
  removeDir(s.dataDir);
});

const create = async (body: object): Promise<Task> => {
  const res = await s.call('POST', '/api/v1/tasks', { body });
  expect(res.status).toBe(201);
  return (await res.json()) as Task;
};
const act = async (id: string, action: string) => s.call('POST', `/api/v1/tasks/${id}/${action}`);
const stateOf = async (id: string) =>
  ((await (await s.call('GET', `/api/v1/tasks/${id}`)).json()) as Task).state;

describe('tasks: create', () => {
  it('keeps the mode preset except for fields the user overrides', async () => {
    const t = await create({
      name: 'proto',
      mode: 'production',
      config: { epochs: 3, model: { layers: 2 } },
    });
    expect(t).toMatchObject({ name: 'proto', mode: 'production', state: 'pending', progress: 0 });
    expect(t.config).toEqual({
      ...MODE_PRESETS.production,
      epochs: 3,
      model: { ...MODE_PRESETS.production.model, layers: 2 },
    });
    const d = await create({ name: 'default' });
    expect(d.mode).toBe('prototyping');
    expect(d.config).toEqual(MODE_PRESETS.prototyping);
  });

  it('rejects unknown fields and bad modes with the field path', async () => {
    const res = await s.call('POST', '/api/v1/tasks', { body: { name: 'x', mode: 'turbo' } });
    expect(res.status).toBe(400);
    expect(
      ((await res.json()) as { error: { details: { issues: { path: string }[] } } }).error.details.issues[0]
        ?.path,
    ).toBe('body.mode');
    const extra = await s.call('POST', '/api/v1/tasks', { body: { name: 'x', config: { colour: 'red' } } });
    expect(extra.status).toBe(400);
    const none = await s.call('POST', '/api/v1/tasks');
    expect(none.status).toBe(400);
  });

  it('answers 404 for unknown ids on every task route', async () => {
    for (const [m, p] of [
      ['GET', ''],
      ['DELETE', ''],
      ['GET', '/logs'],
      ['GET', '/metrics'],
      ['POST', '/start'],
      ['POST', '/stop'],
    ] as const) {
      const res = await s.call(m, `/api/v1/tasks/missing${p}`);
      expect([m, p, res.status]).toEqual([m, p, 404]);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    }
  });
});

describe('tasks: lifecycle through the runner', () => {
  it('starts, logs, records metrics, pauses, resumes and succeeds', async () => {
    const t = await create({ name: 'life', mode: 'smoke_test' });
    const started = await act(t.id, 'start');
    expect(started.status).toBe(202);
    expect(((await started.json()) as Task).state).toBe('running');
    const run = runner.run(t.id);
    await run.report.log('info', 'epoch 0 begins');
    await run.report.epoch(0, { loss: 2.5 }, 0.5);
    await run.report.log('info', 'epoch 1 begins');
    const logs = (await (await s.call('GET', `/api/v1/tasks/${t.id}/logs`)).json()) as {
      items: { message: string; cursor: number }[];
      nextCursor: number;
    };
    expect(logs.items.map((l) => l.message)).toEqual(['epoch 0 begins', 'epoch 1 begins']);
    const after = (await (
      await s.call('GET', `/api/v1/tasks/${t.id}/logs?after=${logs.items[0]?.cursor}`)
    ).json()) as {
      items: { message: string }[];
    };
    expect(after.items.map((l) => l.message)).toEqual(['epoch 1 begins']);
    const tail = (await (
      await s.call('GET', `/api/v1/tasks/${t.id}/logs?after=${logs.nextCursor}`)
    ).json()) as object;
    expect(tail).toEqual({ items: [], nextCursor: logs.nextCursor });
    expect(((await (await act(t.id, 'pause')).json()) as Task).state).toBe('paused');
    // Pause and resume are idempotent: a second call answers 202 with the same state and leaves the runner alone.
    const again = await act(t.id, 'pause');
    expect(again.status).toBe(202);
    expect(((await again.json()) as Task).state).toBe('paused');
    expect(runner.calls.filter((c) => c === `pause:${t.id}`)).toHaveLength(1);
    expect(((await (await act(t.id, 'resume')).json()) as Task).state).toBe('running');
    expect(((await (await act(t.id, 'resume')).json()) as Task).state).toBe('running');
    expect(runner.calls.filter((c) => c === `resume:${t.id}`)).toHaveLength(1);
    await run.report.epoch(1, { loss: 1.25 }, 1);
    await runner.run(t.id).report.succeeded('model-1');
    const done = (await (await s.call('GET', `/api/v1/tasks/${t.id}`)).json()) as Task;
    expect(done).toMatchObject({ state: 'succeeded', progress: 1, modelId: 'model-1', owner: null });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
    const metrics = (await (await s.call('GET', `/api/v1/tasks/${t.id}/metrics`)).json()) as {
      items: { epoch: number; values: object }[];
    };
    expect(metrics.items.map((m) => [m.epoch, m.values])).toEqual([
      [0, { loss: 2.5 }],
      [1, { loss: 1.25 }],
    ]);
    expect((await act(t.id, 'stop')).status).toBe(409);
    expect(runner.calls.filter((c) => c.endsWith(t.id))).toEqual([
      `start:${t.id}`,
      `pause:${t.id}`,
      `resume:${t.id}`,
    ]);
  });

  it('stops idempotently from pending, running (via cancelling) and paused', async () => {
    const p = await create({ name: 'stop-pending' });
    const r1 = await act(p.id, 'stop');
    expect(r1.status).toBe(202);
    expect(((await r1.json()) as Task).state).toBe('cancelled');
    expect((await act(p.id, 'stop')).status).toBe(202);
    expect(await stateOf(p.id)).toBe('cancelled');

    runner.stopsAtOnce = false;
    const r = await create({ name: 'stop-running' });
    await act(r.id, 'start');
    expect(((await (await act(r.id, 'stop')).json()) as Task).state).toBe('cancelling');
    expect(((await (await act(r.id, 'stop')).json()) as Task).state).toBe('cancelling');
    await runner.run(r.id).report.stopped();
    expect(await stateOf(r.id)).toBe('cancelled');
    expect(runner.run(r.id).signal.aborted).toBe(false);
    runner.stopsAtOnce = true;

    const z = await create({ name: 'stop-paused' });
    await act(z.id, 'start');
    await act(z.id, 'pause');
    expect(((await (await act(z.id, 'stop')).json()) as Task).state).toBe('cancelled');
    expect(runner.run(z.id).signal.aborted).toBe(true);
  });

  it('lets exactly one of two concurrent starts win', async () => {
    const t = await create({ name: 'race' });
    const statuses = (await Promise.all([act(t.id, 'start'), act(t.id, 'start')]))
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual([202, 409]);
    expect(runner.calls.filter((c) => c === `start:${t.id}`)).toHaveLength(1);
    expect(await stateOf(t.id)).toBe('running');
  });

  it('records a runner failure as failed with the reason', async () => {
    const t = await create({ name: 'fails' });
    await act(t.id, 'start');
    await runner.run(t.id).report.failed('loss became NaN at epoch 3');
    expect(await (await s.call('GET', `/api/v1/tasks/${t.id}`)).json()).toMatchObject({
      state: 'failed',
      error: 'loss became NaN at epoch 3',
    });
    runner.failStartWith = new Error('CUDA out of memory');
    const u = await create({ name: 'start-fails' });
    const res = await act(u.id, 'start');
    runner.failStartWith = undefined;
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ state: 'failed', error: 'CUDA out of memory' });
  });

  it('deletes an active task by stopping it first', async () => {
    runner.stopsAtOnce = false;
    const t = await create({ name: 'del' });
    await act(t.id, 'start');
    // The run takes a moment to honour the stop; delete waits for it.
    setTimeout(() => void runner.run(t.id).report.stopped(), 100);
    const res = await s.call('DELETE', `/api/v1/tasks/${t.id}`);
    runner.stopsAtOnce = true;
    expect(res.status).toBe(204);
    expect(runner.calls).toContain(`stop:${t.id}`);
    expect((await s.call('GET', `/api/v1/tasks/${t.id}`)).status).toBe(404);
    const paused = await create({ name: 'del-paused' });
    await act(paused.id, 'start');
    await act(paused.id, 'pause');
    expect((await s.call('DELETE', `/api/v1/tasks/${paused.id}`)).status).toBe(204);
    expect(runner.calls).toContain(`stop:${paused.id}`);
  });
});

describe('tasks: metrics', () => {
  it('counts training jobs entering each state', async () => {
    const text = await (await s.call('GET', '/metrics', { token: null })).text();
    const count = (state: string) =>
      Number(new RegExp(`compass_training_jobs_total\\{state="${state}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    // Earlier tests here ran 8 starts (life, stop-running, stop-paused, fails, start-fails, del, del-paused, race)
    // and 1 resume.
    expect(count('running')).toBe(9);
    expect(count('succeeded')).toBe(1);
    expect(count('failed')).toBe(2);
  });
});

describe('tasks: list', () => {
  it('filters by state and mode and pages by cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await create({ name: `v${i}`, mode: 'validation' })).id);
    const p1 = (await (await s.call('GET', '/api/v1/tasks?mode=validation&limit=2')).json()) as {
      items: Task[];
      nextCursor: string;
    };
    expect(p1.items.map((t) => t.id)).toEqual([ids[2], ids[1]]);
    const p2 = (await (
      await s.call('GET', `/api/v1/tasks?mode=validation&limit=2&cursor=${p1.nextCursor}`)
    ).json()) as {
      items: Task[];
      nextCursor: string | null;
    };
    expect(p2).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    const failed = (await (await s.call('GET', '/api/v1/tasks?state=failed,succeeded')).json()) as {
      items: Task[];
    };
    expect(new Set(failed.items.map((t) => t.state))).toEqual(new Set(['failed', 'succeeded']));
    expect((await s.call('GET', '/api/v1/tasks?state=sleeping')).status).toBe(400);
    expect((await s.call('GET', '/api/v1/tasks?limit=0')).status).toBe(400);
    expect((await s.call('GET', '/api/v1/tasks?cursor=garbage')).status).toBe(400);
  });
});

describe('tasks: without a trainer', () => {
  it('answers 503 TRAINER_UNAVAILABLE and leaves the task pending', async () => {
    const plain = await startTestServer({ runner: new UnavailableTaskRunner() });
    try {
      const t = (await (await plain.call('POST', '/api/v1/tasks', { body: { name: 'x' } })).json()) as Task;
      const res = await plain.call('POST', `/api/v1/tasks/${t.id}/start`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('TRAINER_UNAVAILABLE');
      expect(await (await plain.call('GET', `/api/v1/tasks/${t.id}`)).json()).toMatchObject({
        state: 'pending',
        startedAt: null,
        owner: null,
      });
    } finally {
      await plain.close();
      removeDir(plain.dataDir);
    }
  });
});
