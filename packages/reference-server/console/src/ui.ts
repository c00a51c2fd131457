/** Shared widgets: status badges, progress bars, error boxes, the confirmation dialog and a polling loop. */
import { isApiError } from './api.js';
import { h } from './dom.js';
import { stateLabel, t } from './i18n.js';

/** A coloured state badge (`data-state` is what tests and CSS key on). */
export function badge(state: string, label = stateLabel(state)): HTMLElement {
  return h('span', { class: `badge badge-${state}`, 'data-state': state }, label);
}

/** A progress bar (0..1) with an accessible value. */
export function progressBar(fraction: number, label: string): HTMLElement {
  const pct = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  return h(
    'div',
    {
      class: 'progress',
      role: 'progressbar',
      'aria-label': label,
      'aria-valuemin': 0,
      'aria-valuemax': 100,
      'aria-valuenow': pct,
    },
    h('div', { class: 'progress-fill', style: `width:${pct}%` }),
    h('span', { class: 'progress-text' }, `${pct}%`),
  );
}

/** A message describing an error (with the server's code when there is one). */
export function errorText(err: unknown): string {
  if (isApiError(err)) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/** An alert box for an error. */
export function errorBox(err: unknown): HTMLElement {
  return h('div', { class: 'alert alert-error', role: 'alert' }, `${t('error')}: ${errorText(err)}`);
}

/** Asks for confirmation in a modal dialog (keyboard: Escape cancels, focus starts on Cancel). */
export function confirmDialog(message: string, confirmLabel = t('confirm')): Promise<boolean> {
  return new Promise((resolve) => {
    const cancel = h(
      'button',
      { type: 'button', class: 'btn', 'data-testid': 'confirm-cancel' },
      t('cancel'),
    );
    const ok = h(
      'button',
      { type: 'button', class: 'btn btn-danger', 'data-testid': 'confirm-ok' },
      confirmLabel,
    );
    const dialog = h(
      'dialog',
      { class: 'dialog', 'aria-label': message },
      h('p', {}, message),
      h('div', { class: 'row' }, cancel, ok),
    );
    const finish = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    cancel.addEventListener('click', () => finish(false));
    ok.addEventListener('click', () => finish(true));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      finish(false);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/** Calls `tick` now and then every `ms` until `signal` aborts; a failing tick does not stop the loop. */
export function poll(ms: number, signal: AbortSignal, tick: () => Promise<void>): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = async () => {
    if (signal.aborted) return;
    try {
      await tick();
    } catch {
      // The tick shows its own error; keep polling.
    }
    if (!signal.aborted) timer = setTimeout(() => void run(), ms);
  };
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  void run();
}

/** Human-readable byte size. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} kB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** Local date-time of an ISO timestamp. */
export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** Duration in seconds as `1h 02m`, `3m 05s` or `12s`. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Copies each column's header text into its cells' `data-label`, so phones can show rows as labelled cards. */
export function labelCells(table: HTMLTableElement): HTMLTableElement {
  const labels = [...table.querySelectorAll('thead th')].map(
    (th) => th.textContent?.replace(/[▲▼]/g, '').trim() ?? '',
  );
  for (const row of table.querySelectorAll('tbody tr')) {
    [...row.children].forEach((td, i) => {
      if (!td.hasAttribute('colspan')) td.setAttribute('data-label', labels[i] ?? '');
    });
  }
  table.classList.add('cards-on-phone');
  return table;
}
