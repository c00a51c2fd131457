/** Training page: create a task from a mode preset, the live task list with per-row actions, and a task's details. */
import { type PageContext, type PageRenderer } from '../context.js';
import { h, replace } from '../dom.js';
import { t, type TextKey } from '../i18n.js';
import {
  type Dataset,
  type Page,
  type Task,
  type TaskConfig,
  type TaskMode,
  type TaskState,
} from '../types.js';
import { badge, confirmDialog, errorBox, labelCells, poll, progressBar, when } from '../ui.js';

/** Which actions each state allows (mirrors the server's state machine; the server has the last word). */
const ACTIONS: Record<'start' | 'pause' | 'resume' | 'stop' | 'delete', readonly TaskState[]> = {
  start: ['pending'],
  pause: ['running'],
  resume: ['paused'],
  stop: ['pending', 'queued', 'running', 'paused'],
  delete: ['pending', 'paused', 'cancelled', 'succeeded', 'failed'],
};

/** A field of the create form: where it lives in the config, its input type and label. */
interface FieldSpec {
  readonly key: string;
  readonly label: TextKey;
  readonly kind: 'int' | 'float' | 'optimiser';
  readonly model?: boolean;
}

const FIELDS: readonly FieldSpec[] = [
  { key: 'epochs', label: 'epochs', kind: 'int' },
  { key: 'batchSize', label: 'batchSize', kind: 'int' },
  { key: 'learningRate', label: 'learningRate', kind: 'float' },
  { key: 'optimiser', label: 'optimiser', kind: 'optimiser' },
  { key: 'hiddenDim', label: 'hiddenDim', kind: 'int', model: true },
  { key: 'layers', label: 'layers', kind: 'int', model: true },
  { key: 'dropout', label: 'dropout', kind: 'float', model: true },
  { key: 'cutoff', label: 'cutoff', kind: 'float', model: true },
];

function presetValue(preset: TaskConfig, f: FieldSpec): string {
  const v = f.model ? preset.model[f.key] : (preset as unknown as Record<string, unknown>)[f.key];
  return v === undefined || v === null ? '' : String(v);
}

/** Remembered across visits: the chosen mode and the fields the user changed. */
const form: { mode: TaskMode; touched: Map<string, string> } = { mode: 'smoke_test', touched: new Map() };

function createForm(ctx: PageContext, onCreated: (task: Task) => void): HTMLElement {
  const status = h('div', { 'aria-live': 'polite' });
  const name = h('input', {
    id: 'task-name',
    required: true,
    maxlength: 200,
    value: `task-${new Date().toISOString().slice(0, 16)}`,
  });
  const description = h('input', { id: 'task-description', maxlength: 2000 });
  const dataset = h('select', { id: 'task-dataset' }, h('option', { value: '' }, t('noDataset')));
  void ctx.api
    .get<Page<Dataset>>('/api/v1/datasets', { status: 'ready', limit: 100 })
    .then((p) => p.items.forEach((d) => dataset.appendChild(h('option', { value: d.id }, d.name))))
    .catch(() => undefined);
  const modeSelect = h(
    'select',
    { id: 'task-mode', 'data-testid': 'task-mode' },
    ctx.info.modes.map((m) => h('option', { value: m, selected: m === form.mode }, m)),
  );
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const marks = new Map<string, HTMLElement>();
  const fieldRows = FIELDS.map((f) => {
    const id = `task-${f.key}`;
    const input =
      f.kind === 'optimiser'
        ? h(
            'select',
            { id },
            ['adam', 'adamw', 'sgd'].map((o) => h('option', { value: o }, o)),
          )
        : h('input', {
            id,
            type: 'number',
            step: f.kind === 'int' ? '1' : 'any',
            min: '0',
            inputmode: f.kind === 'int' ? 'numeric' : 'decimal',
          });
    input.dataset.field = f.key;
    const mark = h('span', { class: 'field-mark' });
    input.addEventListener('input', () => {
      form.touched.set(f.key, input.value);
      sync();
    });
    inputs.set(f.key, input);
    marks.set(f.key, mark);
    return h('div', { class: 'field' }, h('label', { for: id }, t(f.label), ' ', mark), input);
  });
  /** Untouched fields show the current mode's preset; touched ones keep the user's value. */
  const sync = () => {
    const preset = ctx.info.modePresets[form.mode];
    for (const f of FIELDS) {
      const input = inputs.get(f.key) as HTMLInputElement;
      const mark = marks.get(f.key) as HTMLElement;
      const touched = form.touched.get(f.key);
      if (touched === undefined) {
        input.value = presetValue(preset, f);
        input.placeholder = input.value === '' ? '—' : '';
        replace(mark, h('span', { class: 'tag' }, t('preset')));
      } else {
        if (input.value !== touched) input.value = touched;
        replace(
          mark,
          h('span', { class: 'tag tag-changed' }, t('changed')),
          h(
            'button',
            {
              type: 'button',
              class: 'link small',
              'aria-label': `${t('resetField')}: ${t(f.label)}`,
              onclick: () => {
                form.touched.delete(f.key);
                sync();
              },
            },
            t('resetField'),
          ),
        );
      }
    }
  };
  modeSelect.addEventListener('change', () => {
    form.mode = modeSelect.value as TaskMode;
    sync();
  });
  sync();
  const submit = h(
    'button',
    { type: 'submit', class: 'btn btn-primary', 'data-testid': 'create-task' },
    t('create'),
  );
  return h(
    'form',
    {
      class: 'card stack',
      'aria-labelledby': 'new-task-title',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        // Only the fields the user changed are sent, so the server applies the mode's preset to the rest.
        const config: Record<string, unknown> = {};
        const model: Record<string, number> = {};
        for (const f of FIELDS) {
          const raw = form.touched.get(f.key);
          if (raw === undefined || raw === '') continue;
          const value = f.kind === 'optimiser' ? raw : Number(raw);
          if (f.model) model[f.key] = value as number;
          else config[f.key] = value;
        }
        if (Object.keys(model).length) config.model = model;
        if (dataset.value) config.datasetId = dataset.value;
        if (description.value.trim()) config.description = description.value.trim();
        submit.disabled = true;
        submit.textContent = t('creating');
        try {
          const task = await ctx.api.request<Task>('POST', '/api/v1/tasks', {
            json: { name: name.value.trim(), mode: form.mode, config },
          });
          replace(status);
          onCreated(task);
        } catch (err) {
          replace(status, errorBox(err));
        } finally {
          submit.disabled = false;
          submit.textContent = t('create');
        }
      },
    },
    h('h2', { id: 'new-task-title' }, t('newTask')),
    h('p', { class: 'muted small' }, t('presetNote')),
    h(
      'div',
      { class: 'grid-3' },
      h('div', { class: 'field' }, h('label', { for: 'task-name' }, t('name')), name),
      h('div', { class: 'field' }, h('label', { for: 'task-mode' }, t('mode')), modeSelect),
      h('div', { class: 'field' }, h('label', { for: 'task-dataset' }, t('dataset')), dataset),
    ),
    h('div', { class: 'grid-4' }, fieldRows),
    h('div', { class: 'field' }, h('label', { for: 'task-description' }, t('description')), description),
    h('div', { class: 'row' }, submit),
    status,
  );
}

/** Buttons for the actions `task`'s state allows; each applies the server's answer at once. */
function actionButtons(
  ctx: PageContext,
  task: Task,
  onChange: (task: Task | null) => void,
  onError: (err: unknown) => void,
): HTMLElement {
  const run = async (action: keyof typeof ACTIONS) => {
    try {
      if (action === 'delete') {
        if (!(await confirmDialog(`${t('confirmDeleteTask')} (${task.name})`, t('delete')))) return;
        if (task.state === 'running' || task.state === 'paused')
          await ctx.api.request('POST', `/api/v1/tasks/${encodeURIComponent(task.id)}/stop`);
        await ctx.api.request('DELETE', `/api/v1/tasks/${encodeURIComponent(task.id)}`);
        onChange(null);
        return;
      }
      onChange(await ctx.api.request<Task>('POST', `/api/v1/tasks/${encodeURIComponent(task.id)}/${action}`));
    } catch (err) {
      onError(err);
    }
  };
  return h(
    'div',
    { class: 'row actions' },
    (Object.keys(ACTIONS) as Array<keyof typeof ACTIONS>)
      .filter((a) => ACTIONS[a].includes(task.state))
      .map((a) =>
        h(
          'button',
          {
            type: 'button',
            class: a === 'delete' || a === 'stop' ? 'btn btn-small btn-danger-outline' : 'btn btn-small',
            'data-action': a,
            'aria-label': `${t(a)} ${task.name}`,
            onclick: () => void run(a),
          },
          t(a),
        ),
      ),
  );
}

function listView(ctx: PageContext): HTMLElement {
  const status = h('div', { 'aria-live': 'polite' });
  const body = h('tbody');
  const tasks = new Map<string, Task>();
  const rowFor = (task: Task) =>
    h(
      'tr',
      { 'data-task': task.id, 'data-task-name': task.name },
      h('td', {}, h('a', { href: `#/training/${encodeURIComponent(task.id)}` }, task.name)),
      h('td', {}, task.mode),
      h('td', {}, badge(task.state)),
      h('td', { class: 'progress-cell' }, progressBar(task.progress, t('progress'))),
      h('td', {}, when(task.createdAt)),
      h(
        'td',
        {},
        actionButtons(
          ctx,
          task,
          (next) => {
            if (next) tasks.set(next.id, next);
            else tasks.delete(task.id);
            draw();
          },
          (err) => replace(status, errorBox(err)),
        ),
      ),
    );
  const draw = () => {
    const sorted = [...tasks.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    replace(
      body,
      sorted.length ? sorted.map(rowFor) : h('tr', {}, h('td', { colspan: 6, class: 'muted' }, t('noTasks'))),
    );
    labelCells(table);
  };
  const table = h(
    'table',
    { class: 'table', 'data-testid': 'task-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, t('name')),
        h('th', {}, t('mode')),
        h('th', {}, t('state')),
        h('th', {}, t('progress')),
        h('th', {}, t('created')),
        h('th', {}, t('actions')),
      ),
    ),
    body,
  );
  poll(1_500, ctx.signal, async () => {
    const page = await ctx.api.get<Page<Task>>('/api/v1/tasks', { limit: 100 }, ctx.signal);
    tasks.clear();
    for (const task of page.items) tasks.set(task.id, task);
    draw();
  });
  const created = createForm(ctx, (task) => {
    tasks.set(task.id, task);
    draw();
  });
  return h(
    'div',
    { class: 'stack' },
    status,
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('trainingTitle')),
      h('div', { class: 'table-wrap' }, table),
    ),
    created,
  );
}

/** The Training page: list and create, or a task's details at `#/training/:id`. */
export const trainingPage: PageRenderer = (ctx) => {
  const id = ctx.params[0];
  if (!id) return h('div', { class: 'stack' }, h('h1', {}, t('trainingTitle')), listView(ctx));
  const holder = h('div', { class: 'stack' }, h('p', { class: 'muted' }, t('loading')));
  void import('./task-detail.js').then(({ taskDetail }) =>
    replace(holder, taskDetail(ctx, id, actionButtons)),
  );
  return holder;
};
