/** A training task's details: progress and ETA, live log over SSE (polling when SSE is absent), per-epoch charts. */
import { type PageContext } from '../context.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { type EpochMetric, type LogLine, type Task } from '../types.js';
import { isApiError, type SseEvent } from '../api.js';
import { badge, duration, errorBox, poll, progressBar, when } from '../ui.js';

type ActionButtons = (
  ctx: PageContext,
  task: Task,
  onChange: (task: Task | null) => void,
  onError: (err: unknown) => void,
) => HTMLElement;

const TERMINAL = new Set(['cancelled', 'succeeded', 'failed']);

/** The details view of task `id`. */
export function taskDetail(ctx: PageContext, id: string, actionButtons: ActionButtons): HTMLElement {
  const enc = encodeURIComponent(id);
  let task: Task | undefined;
  const logs: LogLine[] = [];
  const seen = new Set<number>();
  let metrics: EpochMetric[] = [];
  let logCursor = 0;
  let live = 'SSE';

  const header = h('div');
  const status = h('div', { 'aria-live': 'polite' });
  const logBox = h('pre', { class: 'log', 'data-testid': 'task-log', tabindex: 0, 'aria-label': t('log') });
  const chartBox = h('div', { class: 'charts' });
  const liveLabel = h('span', { class: 'muted small', 'data-testid': 'live-mode' });

  const drawHeader = () => {
    if (!task) return;
    const started = task.startedAt ? Date.parse(task.startedAt) : undefined;
    const end = task.finishedAt ? Date.parse(task.finishedAt) : Date.now();
    const elapsed = started ? (end - started) / 1000 : NaN;
    const eta =
      task.progress > 0 && !TERMINAL.has(task.state) ? (elapsed * (1 - task.progress)) / task.progress : NaN;
    replace(
      header,
      h('h1', {}, task.name, ' ', badge(task.state)),
      h('div', { 'data-testid': 'task-progress' }, progressBar(task.progress, t('progress'))),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, t('mode')),
        h('dd', {}, task.mode),
        h('dt', {}, t('elapsed')),
        h('dd', {}, duration(elapsed)),
        h('dt', {}, t('eta')),
        h('dd', { 'data-testid': 'eta' }, TERMINAL.has(task.state) ? '—' : duration(eta)),
        h('dt', {}, t('created')),
        h('dd', {}, when(task.createdAt)),
        task.modelId ? [h('dt', {}, t('modelProduced')), h('dd', {}, task.modelId)] : null,
        task.error ? [h('dt', {}, t('error')), h('dd', { class: 'text-error' }, task.error)] : null,
        h('dt', {}, t('liveVia')),
        h('dd', {}, liveLabel),
      ),
      h(
        'details',
        {},
        h('summary', {}, 'config'),
        h('pre', { class: 'code' }, JSON.stringify(task.config, null, 2)),
      ),
      actionButtons(
        ctx,
        task,
        (next) => {
          if (next) {
            task = next;
            drawHeader();
          } else ctx.navigate('/training');
        },
        (err) => replace(status, errorBox(err)),
      ),
    );
    liveLabel.textContent = live;
  };

  const addLog = (line: LogLine) => {
    if (seen.has(line.cursor)) return;
    seen.add(line.cursor);
    logs.push(line);
    logCursor = Math.max(logCursor, line.cursor);
    const atBottom = logBox.scrollTop + logBox.clientHeight >= logBox.scrollHeight - 4;
    logBox.appendChild(
      document.createTextNode(
        `${line.at.slice(11, 19)} ${line.level.toUpperCase().padEnd(5)} ${line.message}\n`,
      ),
    );
    if (atBottom) logBox.scrollTop = logBox.scrollHeight;
  };

  let chartTimer: ReturnType<typeof setTimeout> | undefined;
  const drawCharts = () => {
    clearTimeout(chartTimer);
    chartTimer = setTimeout(async () => {
      if (metrics.length === 0) {
        replace(chartBox, h('p', { class: 'muted' }, t('noMetrics')));
        return;
      }
      const { metricCharts } = await import('../charts.js');
      replace(chartBox, metricCharts(metrics, chartBox.clientWidth || 600));
    }, 100);
  };

  const addMetric = (m: EpochMetric) => {
    metrics = [...metrics.filter((x) => x.epoch !== m.epoch), m].sort((a, b) => a.epoch - b.epoch);
    drawCharts();
  };

  const onEvent = (e: SseEvent) => {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(e.data) as Record<string, unknown>;
    } catch {
      return;
    }
    const inner = (data.task as Record<string, unknown> | undefined) ?? data;
    if (task && (e.event === 'state' || e.event === 'progress' || e.event === 'end')) {
      task = {
        ...task,
        ...(typeof inner.state === 'string' ? { state: inner.state as Task['state'] } : {}),
        ...(typeof inner.progress === 'number' ? { progress: inner.progress } : {}),
        ...(typeof inner.error === 'string' ? { error: inner.error } : {}),
        ...(typeof inner.modelId === 'string' ? { modelId: inner.modelId } : {}),
      };
      drawHeader();
    }
    if (e.event === 'log' && typeof data.message === 'string') {
      const cursor = typeof data.cursor === 'number' ? data.cursor : Number(e.id) || logs.length + 1;
      addLog({
        cursor,
        at: typeof data.at === 'string' ? data.at : new Date().toISOString(),
        level: typeof data.level === 'string' ? data.level : 'info',
        message: data.message,
      });
    }
    if (e.event === 'metrics' && typeof data.epoch === 'number' && data.values)
      addMetric(data as unknown as EpochMetric);
  };

  const start = async () => {
    try {
      task = await ctx.api.get<Task>(`/api/v1/tasks/${enc}`);
      metrics = (await ctx.api.get<{ items: EpochMetric[] }>(`/api/v1/tasks/${enc}/metrics`)).items;
      drawHeader();
      drawCharts();
    } catch (err) {
      replace(status, errorBox(err));
      return;
    }
    // The task record is also refreshed on a slow timer, so the header stays right even if a stream stalls.
    poll(2_000, ctx.signal, async () => {
      task = await ctx.api.get<Task>(`/api/v1/tasks/${enc}`, undefined, ctx.signal);
      drawHeader();
    });
    try {
      await ctx.api.events(`/api/v1/tasks/${enc}/events`, onEvent, ctx.signal);
    } catch (err) {
      if (ctx.signal.aborted) return;
      // No SSE on this server (or it failed): follow logs and metrics by polling with a cursor instead.
      live = `polling (${isApiError(err) ? err.code : 'SSE unavailable'})`;
      liveLabel.textContent = live;
      poll(1_500, ctx.signal, async () => {
        const page = await ctx.api.get<{ items: LogLine[]; nextCursor: number }>(
          `/api/v1/tasks/${enc}/logs`,
          { after: logCursor, limit: 500 },
          ctx.signal,
        );
        page.items.forEach(addLog);
        const m = await ctx.api.get<{ items: EpochMetric[] }>(
          `/api/v1/tasks/${enc}/metrics`,
          undefined,
          ctx.signal,
        );
        if (m.items.length !== metrics.length) {
          metrics = m.items;
          drawCharts();
        }
      });
    }
  };
  void start();
  ctx.signal.addEventListener('abort', () => clearTimeout(chartTimer), { once: true });
  return h(
    'div',
    { class: 'stack', 'data-testid': 'task-detail' },
    h('a', { href: '#/training', class: 'link' }, `← ${t('back')}`),
    header,
    status,
    h('section', { class: 'card' }, h('h2', {}, t('metrics')), chartBox),
    h('section', { class: 'card' }, h('h2', {}, t('log')), logBox),
  );
}
