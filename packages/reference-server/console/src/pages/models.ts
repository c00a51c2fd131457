/** Models page: one card per model (its model card's facts), set default, aliases, download the package. */
import { type PageContext, type PageRenderer } from '../context.js';
import { download, fmt, h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { type ModelRecord, type Page } from '../types.js';
import { errorBox, when } from '../ui.js';

function cardFacts(card: Record<string, unknown>): HTMLElement[] {
  const arch = card.architecture as
    | {
        name?: string;
        hyperParams?: Record<string, unknown>;
        members?: Array<{ name?: string; metrics?: Record<string, Record<string, number>> }>;
      }
    | undefined;
  const target = card.target as { mean?: number; std?: number; unit?: string } | undefined;
  const training = card.training as
    { datasets?: Array<{ name?: string; count?: number }>; epochs?: number } | undefined;
  const metrics = card.metrics as Record<string, Record<string, number> | undefined> | undefined;
  const splits = Object.entries(metrics ?? {}).filter(
    (e): e is [string, Record<string, number>] => typeof e[1] === 'object' && e[1] !== null,
  );
  const columns = [...new Set(splits.flatMap(([, v]) => Object.keys(v)))];
  const metricTable = splits.length
    ? h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table small', 'data-testid': 'model-metrics' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, ''),
              columns.map((c) => h('th', { class: 'num' }, c)),
            ),
          ),
          h(
            'tbody',
            {},
            splits.map(([split, v]) =>
              h(
                'tr',
                {},
                h('th', {}, split),
                columns.map((c) => h('td', { class: 'num' }, c === 'n' ? String(v[c] ?? '—') : fmt(v[c], 3))),
              ),
            ),
          ),
        ),
      )
    : null;
  // An ensemble's members with their own figures (e.g. each published GIGN run), one row each.
  const members = arch?.members ?? [];
  const memberColumns = [
    ...new Set(
      members.flatMap((m) =>
        Object.entries(m.metrics ?? {}).flatMap(([s, v]) => Object.keys(v).map((k) => `${s} ${k}`)),
      ),
    ),
  ];
  const memberTable = members.length
    ? h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table small', 'data-testid': 'model-members' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, ''),
              memberColumns.map((c) => h('th', { class: 'num' }, c)),
            ),
          ),
          h(
            'tbody',
            {},
            members.map((m) =>
              h(
                'tr',
                {},
                h('th', {}, m.name ?? '?'),
                memberColumns.map((c) => {
                  const [split, key] = c.split(' ') as [string, string];
                  return h('td', { class: 'num' }, fmt(m.metrics?.[split]?.[key], 3));
                }),
              ),
            ),
          ),
        ),
      )
    : null;
  const description = typeof card.description === 'string' ? card.description : undefined;
  return [
    h(
      'dl',
      { class: 'facts' },
      arch?.name ? [h('dt', {}, t('architecture')), h('dd', {}, arch.name)] : null,
      description
        ? [h('dt', {}, t('about')), h('dd', { 'data-testid': 'model-description' }, description)]
        : null,
      target
        ? [
            h('dt', {}, t('target')),
            h('dd', {}, `${target.unit ?? 'pK'} (mean ${fmt(target.mean)}, std ${fmt(target.std)})`),
          ]
        : null,
      training?.datasets?.length
        ? [
            h('dt', {}, t('trainedOn')),
            h('dd', {}, training.datasets.map((d) => `${d.name ?? '?'} (${d.count ?? '?'})`).join(', ')),
          ]
        : null,
    ),
    ...(metricTable ? [h('h3', { class: 'small' }, t('modelMetrics')), metricTable] : []),
    ...(memberTable ? [h('h3', { class: 'small' }, t('members')), memberTable] : []),
  ];
}

function modelCard(
  ctx: PageContext,
  m: ModelRecord,
  reload: () => void,
  onError: (e: unknown) => void,
): HTMLElement {
  const aliasInput = h('input', { id: `alias-${m.id}`, maxlength: 100, placeholder: 'e.g. production' });
  return h(
    'article',
    { class: `card model-card${m.isDefault ? ' is-default' : ''}`, 'data-model': m.id },
    h(
      'h2',
      {},
      m.name,
      ' ',
      m.isDefault ? h('span', { class: 'badge badge-succeeded' }, t('default')) : null,
    ),
    h('p', { class: 'mono small muted' }, m.id),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('aliases')),
      h('dd', { 'data-testid': 'aliases' }, m.aliases.length ? m.aliases.join(', ') : '—'),
      h('dt', {}, t('created')),
      h('dd', {}, when(m.createdAt)),
    ),
    cardFacts(m.card),
    h(
      'form',
      {
        class: 'row',
        onsubmit: async (e: Event) => {
          e.preventDefault();
          const alias = aliasInput.value.trim();
          if (!alias) return;
          try {
            await ctx.api.request('PUT', `/api/v1/models/${encodeURIComponent(m.id)}/aliases`, {
              json: { aliases: [...new Set([...m.aliases, alias])] },
            });
            reload();
          } catch (err) {
            onError(err);
          }
        },
      },
      h('label', { for: `alias-${m.id}`, class: 'sr-only' }, t('alias')),
      aliasInput,
      h('button', { type: 'submit', class: 'btn btn-small' }, t('addAlias')),
    ),
    h(
      'div',
      { class: 'row' },
      m.isDefault
        ? null
        : h(
            'button',
            {
              type: 'button',
              class: 'btn btn-small btn-primary',
              'data-action': 'default',
              onclick: async () => {
                try {
                  await ctx.api.request('POST', `/api/v1/models/${encodeURIComponent(m.id)}/default`);
                  reload();
                } catch (err) {
                  onError(err);
                }
              },
            },
            t('setDefault'),
          ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small',
          'data-action': 'download',
          onclick: async () => {
            try {
              download(
                await ctx.api.blob(`/api/v1/models/${encodeURIComponent(m.id)}/package`),
                `${m.name}-${m.id.slice(0, 12)}.tar.gz`,
              );
            } catch (err) {
              onError(err);
            }
          },
        },
        t('download'),
      ),
    ),
  );
}

/** The Models page. */
export const modelsPage: PageRenderer = (ctx) => {
  const status = h('div', { 'aria-live': 'polite' });
  const grid = h('div', { class: 'cards' }, h('p', { class: 'muted' }, t('loading')));
  const load = async () => {
    try {
      const page = await ctx.api.get<Page<ModelRecord>>('/api/v1/models', { limit: 100 }, ctx.signal);
      replace(
        grid,
        page.items.length
          ? page.items.map((m) =>
              modelCard(
                ctx,
                m,
                () => void load(),
                (err) => replace(status, errorBox(err)),
              ),
            )
          : h('p', { class: 'muted', 'data-testid': 'no-models' }, t('noModels')),
      );
    } catch (err) {
      replace(grid, errorBox(err));
    }
  };
  void load();
  return h('div', { class: 'stack' }, h('h1', {}, t('modelsTitle')), status, grid);
};
