/** Examples 3, 4 and 5 against real servers: task states and actions, dataset lifecycle, the monitor table. */
import { describe, expect, it } from 'vitest';
import { main as trainingManagement } from '../03-training-management.js';
import { main as dataManagement } from '../04-data-management.js';
import { main as serviceMonitor, renderTable, sumCounter } from '../05-service-monitor.js';

const quiet = () => undefined;

describe('training-management', () => {
  it('uploads, starts, pauses, resumes and stops a task, following its event stream', async () => {
    const r = await trainingManagement([], quiet);
    expect(r.uploadPercent).toBe(1);
    expect(r.actions.map((a) => a.action)).toEqual(['pause', 'resume', 'stop']);
    expect(r.actions[0]!.state).toBe('paused');
    // The server's SDK trainer ran real epochs: progress before the pause, and more after the resume.
    expect(r.actions[0]!.progress).toBeGreaterThan(0);
    expect(r.actions[1]!.state).toBe('running');
    expect(['cancelling', 'cancelled']).toContain(r.actions[2]!.state);
    expect(r.actions[2]!.progress).toBeGreaterThan(r.actions[0]!.progress);
    expect(r.actions[2]!.progress).toBeLessThan(1);
    expect(r.logLines).toBeGreaterThanOrEqual(1);
    expect(r.finalState).toBe('cancelled');
    // The stream saw the whole life: running, paused, running again, then cancelled.
    const firstPaused = r.states.indexOf('paused');
    expect(r.states[0]).toBe('running');
    expect(firstPaused).toBeGreaterThan(0);
    expect(r.states.slice(firstPaused)).toContain('running');
    expect(r.states.at(-1)).toBe('cancelled');
  });
});

describe('training-management --full', () => {
  it('trains a smoke_test model for real (1 epoch, 2 complexes), registers it and predicts with it', async () => {
    const r = await trainingManagement(['--full'], quiet);
    expect(r.finalState).toBe('succeeded');
    expect(r.states.at(-1)).toBe('succeeded');
    expect(r.logLines).toBeGreaterThanOrEqual(1);
    expect(r.trained).toBeDefined();
    expect(r.trained!.modelId).toMatch(/^compass-[0-9a-f]+$/);
    expect(r.trained!.listed).toBe(true);
    // The prediction named the new model and the server used it.
    expect(r.trained!.servedModel).toBe(r.trained!.modelId);
    expect(Number.isFinite(r.trained!.pK)).toBe(true);
  });
});

describe('data-management', () => {
  it('uploads from a path, bytes and a stream, lists page by page, inspects, deletes and refuses a non-archive', async () => {
    const r = await dataManagement([], quiet);
    expect(r.uploaded.map((d) => [d.name, d.status])).toEqual([
      ['from-a-path', 'ready'],
      ['from-bytes', 'ready'],
      ['from-a-stream', 'ready'],
    ]);
    // The same bytes, whichever way they were sent.
    expect(new Set(r.uploaded.map((d) => d.file?.sha256)).size).toBe(1);
    expect(r.uploaded[0]!.counts).toMatchObject({ complexes: 1 });
    expect([...r.listedBefore].sort()).toEqual(r.uploaded.map((d) => d.id).sort());
    expect(r.listedAfter).toHaveLength(2);
    expect(r.listedAfter).not.toContain(r.deletedId);
    expect(r.rejectedCode).toBeDefined();
  });
});

describe('service-monitor', () => {
  it('--once prints one table of both registered servers, healthy and counting requests', async () => {
    const lines: string[] = [];
    const rows = await serviceMonitor(['--once'], (l) => lines.push(l));
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({ registry: 'passing', health: 'ok' });
      expect(row.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(row.requests).toBeGreaterThanOrEqual(1);
    }
    expect(lines[1]!.split('\n')).toHaveLength(4);
    expect(lines[1]).toContain(rows[0]!.id);
  });

  it('sums a counter over label sets and renders aligned columns', () => {
    const text = '# HELP x\nreq_total{a="1"} 3\nreq_total{a="2"} 4\nreq_total_other 9\n';
    expect(sumCounter(text, 'req_total')).toBe(7);
    expect(sumCounter(text, 'missing')).toBeNull();
    const table = renderTable([
      {
        id: 'a',
        url: 'u',
        registry: 'passing',
        health: 'ok',
        ready: 'ready',
        defaultModel: 'm',
        requests: null,
      },
    ]).split('\n');
    expect(table[2]).toBe('a         u    passing   ok      ready  m              -       ');
  });
});
