/** Data page: upload a dataset (progress bar, name, description), list with status and errors, details, delete. */
import { type PageContext, type PageRenderer } from '../context.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { type Dataset, type Page } from '../types.js';
import { badge, bytes, confirmDialog, errorBox, labelCells, poll, progressBar, when } from '../ui.js';

function uploadForm(ctx: PageContext, onUploaded: (d: Dataset) => void): HTMLElement {
  const name = h('input', { id: 'dataset-name', maxlength: 200 });
  const description = h('textarea', { id: 'dataset-description', maxlength: 2000, rows: 2 });
  const file = h('input', {
    id: 'dataset-file',
    type: 'file',
    required: true,
    accept: '.zip,.tar,.gz,.tgz,.csv,.sdf',
  });
  const progress = h('div', { 'data-testid': 'upload-progress' });
  const status = h('div', { 'aria-live': 'polite' });
  const submit = h(
    'button',
    { type: 'submit', class: 'btn btn-primary', 'data-testid': 'upload' },
    t('upload'),
  );
  return h(
    'form',
    {
      class: 'card stack',
      'aria-labelledby': 'upload-title',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const chosen = file.files?.[0];
        if (!chosen) return;
        const body = new FormData();
        // Text fields first: the server streams the file and reads the fields that came before it.
        if (name.value.trim()) body.append('name', name.value.trim());
        if (description.value.trim()) body.append('description', description.value.trim());
        body.append('file', chosen, chosen.name);
        submit.disabled = true;
        submit.textContent = t('uploading');
        replace(status);
        try {
          const dataset = await ctx.api.upload<Dataset>('/api/v1/datasets', body, (f) =>
            replace(progress, progressBar(f, t('upload'))),
          );
          replace(status, h('p', { class: 'alert alert-ok' }, t('uploadDone')));
          onUploaded(dataset);
        } catch (err) {
          replace(status, errorBox(err));
        } finally {
          submit.disabled = false;
          submit.textContent = t('upload');
        }
      },
    },
    h('h2', { id: 'upload-title' }, t('upload')),
    h(
      'div',
      { class: 'grid-2' },
      h('div', { class: 'field' }, h('label', { for: 'dataset-name' }, t('name')), name),
      h('div', { class: 'field' }, h('label', { for: 'dataset-file' }, t('file')), file),
    ),
    h('div', { class: 'field' }, h('label', { for: 'dataset-description' }, t('description')), description),
    h('div', { class: 'row' }, submit),
    progress,
    status,
  );
}

async function deleteDataset(ctx: PageContext, d: Dataset): Promise<boolean> {
  if (!(await confirmDialog(t('confirmDeleteDataset', { name: d.name }), t('delete')))) return false;
  await ctx.api.request('DELETE', `/api/v1/datasets/${encodeURIComponent(d.id)}`);
  return true;
}

function detailView(ctx: PageContext, id: string): HTMLElement {
  const box = h('div', { class: 'stack' }, h('p', { class: 'muted' }, t('loading')));
  poll(2_000, ctx.signal, async () => {
    try {
      const d = await ctx.api.get<Dataset>(
        `/api/v1/datasets/${encodeURIComponent(id)}`,
        undefined,
        ctx.signal,
      );
      replace(
        box,
        h('a', { href: '#/data', class: 'link' }, `← ${t('back')}`),
        h('h1', {}, d.name, ' ', badge(d.status)),
        h(
          'section',
          { class: 'card' },
          h(
            'dl',
            { class: 'facts', 'data-testid': 'dataset-detail' },
            h('dt', {}, 'id'),
            h('dd', {}, d.id),
            h('dt', {}, t('description')),
            h('dd', {}, d.description || '—'),
            h('dt', {}, t('status')),
            h('dd', {}, d.status),
            d.reason ? [h('dt', {}, t('reason')), h('dd', { class: 'text-error' }, d.reason)] : null,
            d.file
              ? [h('dt', {}, t('file')), h('dd', {}, `${d.file.originalName} · ${bytes(d.file.size)}`)]
              : null,
            d.file ? [h('dt', {}, 'sha256'), h('dd', { class: 'mono' }, d.file.sha256)] : null,
            h('dt', {}, t('counts')),
            h(
              'dd',
              {},
              Object.entries(d.counts)
                .map(([k, v]) => `${k}: ${v}`)
                .join(' · ') || '—',
            ),
            h('dt', {}, t('created')),
            h('dd', {}, when(d.createdAt)),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-danger-outline',
              onclick: async () => {
                try {
                  if (await deleteDataset(ctx, d)) ctx.navigate('/data');
                } catch (err) {
                  box.appendChild(errorBox(err));
                }
              },
            },
            t('delete'),
          ),
        ),
      );
    } catch (err) {
      replace(box, h('a', { href: '#/data', class: 'link' }, `← ${t('back')}`), errorBox(err));
      throw err;
    }
  });
  return box;
}

/** The Data page: list and upload, or a dataset's details at `#/data/:id`. */
export const dataPage: PageRenderer = (ctx) => {
  if (ctx.params[0]) return detailView(ctx, ctx.params[0]);
  const status = h('div', { 'aria-live': 'polite' });
  const body = h('tbody');
  let items: Dataset[] = [];
  const draw = () => {
    replace(
      body,
      items.length
        ? items.map((d) =>
            h(
              'tr',
              { 'data-dataset': d.id, 'data-dataset-name': d.name },
              h('td', {}, h('a', { href: `#/data/${encodeURIComponent(d.id)}` }, d.name)),
              h('td', {}, badge(d.status)),
              h('td', { class: d.reason ? 'text-error' : 'muted' }, d.reason ?? '—'),
              h('td', { class: 'num' }, d.file ? bytes(d.file.size) : '—'),
              h('td', {}, when(d.createdAt)),
              h(
                'td',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'btn btn-small btn-danger-outline',
                    'data-action': 'delete',
                    'aria-label': `${t('delete')} ${d.name}`,
                    onclick: async () => {
                      try {
                        if (await deleteDataset(ctx, d)) {
                          items = items.filter((x) => x.id !== d.id);
                          draw();
                        }
                      } catch (err) {
                        replace(status, errorBox(err));
                      }
                    },
                  },
                  t('delete'),
                ),
              ),
            ),
          )
        : h('tr', {}, h('td', { colspan: 6, class: 'muted' }, t('noDatasets'))),
    );
    if (body.parentElement) labelCells(body.parentElement as HTMLTableElement);
  };
  poll(2_000, ctx.signal, async () => {
    items = (await ctx.api.get<Page<Dataset>>('/api/v1/datasets', { limit: 100 }, ctx.signal)).items;
    draw();
  });
  return h(
    'div',
    { class: 'stack' },
    h('h1', {}, t('dataTitle')),
    uploadForm(ctx, (d) => {
      items = [d, ...items.filter((x) => x.id !== d.id)];
      draw();
    }),
    status,
    h(
      'section',
      { class: 'card' },
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table', 'data-testid': 'dataset-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, t('name')),
              h('th', {}, t('status')),
              h('th', {}, t('reason')),
              h('th', {}, t('size')),
              h('th', {}, t('created')),
              h('th', {}, t('actions')),
            ),
          ),
          body,
        ),
      ),
    ),
  );
};
