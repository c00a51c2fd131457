/** Service monitor: the registry's instances with status, heartbeat, version and models; honest when there is no registry. */
import { type PageRenderer } from '../context.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { type InstancesResponse, type RegistryInstance } from '../types.js';
import { badge, errorBox, labelCells, poll } from '../ui.js';

function address(i: RegistryInstance): string {
  return i.url ?? `${i.address}${i.port ? `:${i.port}` : ''}`;
}

/** What to show: a draining instance's check health (a drained server that stopped heartbeating is critical). */
function shownStatus(i: RegistryInstance): RegistryInstance['status'] {
  return i.status === 'maintenance' && i.health ? i.health : i.status;
}

function instanceRow(i: RegistryInstance, now: number): HTMLElement {
  const ago = Math.max(0, Math.round((now - i.lastHeartbeatAt) / 1000));
  return h(
    'tr',
    { 'data-instance': i.id, 'data-status': shownStatus(i) },
    h('td', {}, i.service),
    h('td', { class: 'mono small' }, address(i)),
    h(
      'td',
      {},
      badge(shownStatus(i)),
      i.draining ? h('span', { class: 'tag' }, t('draining')) : null,
      i.note ? h('div', { class: 'muted small' }, i.note) : null,
    ),
    h('td', { title: new Date(i.lastHeartbeatAt).toLocaleString() }, t('secondsAgo', { n: ago })),
    h('td', {}, i.version ?? '—'),
    h('td', { class: 'small' }, i.metadata.models ?? i.metadata.model ?? '—'),
  );
}

/** The Service monitor page. */
export const monitorPage: PageRenderer = (ctx) => {
  const summary = h('div', { class: 'summary', 'aria-live': 'polite', 'data-testid': 'monitor-summary' });
  const content = h('div', { class: 'stack' });
  poll(1_000, ctx.signal, async () => {
    let res: InstancesResponse;
    try {
      res = await ctx.api.get<InstancesResponse>('/api/v1/console/instances', undefined, ctx.signal);
    } catch (err) {
      replace(summary);
      replace(content, errorBox(err));
      throw err;
    }
    const now = Date.now();
    const state = !res.registry.configured
      ? 'unconfigured'
      : !res.registry.reachable
        ? 'unreachable'
        : res.total === 0
          ? 'empty'
          : 'ok';
    summary.dataset.state = state;
    replace(
      summary,
      h('span', { class: 'big-number', 'data-testid': 'healthy-count' }, `${res.healthy}/${res.total}`),
      ` ${t('healthy')} ${t('instances')}`,
      h(
        'div',
        { class: 'muted small' },
        `${t('registry')}: ${res.registry.url ?? '—'} · ${t('refreshedAt', { time: new Date(now).toLocaleTimeString() })}`,
      ),
    );
    if (state === 'unconfigured') {
      replace(
        content,
        h('div', { class: 'alert alert-warn', 'data-testid': 'monitor-empty' }, t('registryNotConfigured')),
      );
      return;
    }
    if (state === 'unreachable') {
      replace(
        content,
        h(
          'div',
          { class: 'alert alert-error', 'data-testid': 'monitor-empty' },
          t('registryUnreachable', { url: res.registry.url ?? '', error: res.registry.error ?? '' }),
        ),
      );
      return;
    }
    if (state === 'empty') {
      replace(
        content,
        h('div', { class: 'alert alert-warn', 'data-testid': 'monitor-empty' }, t('noInstances')),
      );
      return;
    }
    const sorted = [...res.instances].sort(
      (a, b) => a.service.localeCompare(b.service) || address(a).localeCompare(address(b)),
    );
    replace(
      content,
      h(
        'section',
        { class: 'card' },
        h(
          'div',
          { class: 'table-wrap' },
          labelCells(
            h(
              'table',
              { class: 'table', 'data-testid': 'instance-table' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', {}, t('service')),
                  h('th', {}, t('address')),
                  h('th', {}, t('status')),
                  h('th', {}, t('lastHeartbeat')),
                  h('th', {}, t('version')),
                  h('th', {}, t('models')),
                ),
              ),
              h(
                'tbody',
                {},
                sorted.map((i) => instanceRow(i, now)),
              ),
            ),
          ),
        ),
      ),
    );
  });
  return h(
    'div',
    { class: 'stack' },
    h('h1', {}, t('monitorTitle')),
    h('section', { class: 'card' }, summary),
    content,
  );
};
