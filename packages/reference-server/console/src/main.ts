/** Console entry: the sign-in form, the app shell (navigation, language switch) and the hash router. */
import './style.css';
import { ApiClient, clearSession, loadSession, saveSession, type Session } from './api.js';
import { type PageContext, type PageRenderer } from './context.js';
import { h, replace } from './dom.js';
import { language, setLanguage, t, type TextKey } from './i18n.js';
import { type ConsoleInfo } from './types.js';
import { errorBox } from './ui.js';

/** Routes: the first path segment picks the page; pages load lazily so the first paint stays small. */
const ROUTES: Record<string, { nav: TextKey; load: () => Promise<PageRenderer> }> = {
  predict: { nav: 'navPredict', load: async () => (await import('./pages/predict.js')).predictPage },
  batch: { nav: 'navBatch', load: async () => (await import('./pages/batch.js')).batchPage },
  training: { nav: 'navTraining', load: async () => (await import('./pages/training.js')).trainingPage },
  data: { nav: 'navData', load: async () => (await import('./pages/data.js')).dataPage },
  models: { nav: 'navModels', load: async () => (await import('./pages/models.js')).modelsPage },
  monitor: { nav: 'navMonitor', load: async () => (await import('./pages/monitor.js')).monitorPage },
};

const root = document.getElementById('app') as HTMLElement;
let session: Session | undefined = loadSession();
let info: ConsoleInfo | undefined;
let pageAbort: AbortController | undefined;
setLanguage(language());

function route(): { name: string; params: string[] } {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const name = parts[0] && ROUTES[parts[0]] ? parts[0] : 'predict';
  return { name, params: parts.slice(1) };
}

function navigate(path: string): void {
  location.hash = `#${path}`;
}

function languageButton(): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'btn btn-ghost',
      'aria-label': t('languageLabel'),
      'data-testid': 'language',
      onclick: () => {
        setLanguage(language() === 'en' ? 'zh' : 'en');
        void render();
      },
    },
    t('language'),
  );
}

function loginView(error?: unknown): HTMLElement {
  const server = h('input', {
    id: 'login-server',
    name: 'server',
    type: 'url',
    required: true,
    value: session?.server ?? location.origin,
  });
  const key = h('input', {
    id: 'login-key',
    name: 'key',
    type: 'password',
    required: true,
    autocomplete: 'current-password',
  });
  const status = h('p', { class: 'muted', 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      class: 'card login',
      'aria-labelledby': 'login-title',
      onsubmit: (e: Event) => {
        e.preventDefault();
        status.textContent = t('signingIn');
        session = { server: server.value.trim(), key: key.value.trim() };
        void render(true);
      },
    },
    h('h1', { id: 'login-title' }, t('loginTitle')),
    error ? errorBox(error) : null,
    h('label', { for: 'login-server' }, t('serverUrl')),
    server,
    h('label', { for: 'login-key' }, t('apiKey')),
    key,
    h('p', { class: 'muted' }, t('loginHelp')),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('signIn')),
      languageButton(),
    ),
    status,
  );
  return h('main', { class: 'login-wrap', id: 'main' }, form);
}

function shell(current: string, content: HTMLElement): HTMLElement {
  const links = Object.entries(ROUTES).map(([name, r]) =>
    h(
      'a',
      {
        href: `#/${name}`,
        class: name === current ? 'nav-link active' : 'nav-link',
        'aria-current': name === current ? 'page' : undefined,
        'data-nav': name,
      },
      t(r.nav),
    ),
  );
  return h(
    'div',
    { class: 'shell' },
    h(
      'a',
      { class: 'skip', href: '#main', onclick: (e: Event) => (e.preventDefault(), content.focus()) },
      'Skip to content',
    ),
    h(
      'header',
      { class: 'topbar' },
      h('span', { class: 'brand' }, t('appTitle')),
      h('nav', { class: 'nav', 'aria-label': 'Main' }, links),
      h(
        'div',
        { class: 'topbar-end' },
        h(
          'span',
          { class: 'muted server-url', title: session?.server },
          new URL(session?.server ?? location.origin).host,
        ),
        languageButton(),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-ghost',
            onclick: () => {
              clearSession();
              session = undefined;
              info = undefined;
              void render();
            },
          },
          t('logout'),
        ),
      ),
    ),
    content,
  );
}

/** Renders the current route (checking the key first when `check` is set or nothing is known yet). */
async function render(check = false): Promise<void> {
  pageAbort?.abort();
  if (!session) {
    replace(root, loginView());
    return;
  }
  const api = new ApiClient(session.server, session.key);
  if (check || !info) {
    try {
      info = await api.get<ConsoleInfo>('/api/v1/console/info');
      saveSession(session);
    } catch (err) {
      info = undefined;
      replace(root, loginView(err));
      return;
    }
  }
  const { name, params } = route();
  const main = h(
    'main',
    { id: 'main', class: 'page', tabindex: -1 },
    h('p', { class: 'muted' }, t('loading')),
  );
  replace(root, shell(name, main));
  const abort = new AbortController();
  pageAbort = abort;
  const spec = ROUTES[name] as (typeof ROUTES)[string];
  try {
    const renderer = await spec.load();
    if (abort.signal.aborted) return;
    const ctx: PageContext = { api, info, params, navigate, signal: abort.signal };
    replace(main, renderer(ctx));
    document.title = `${t(spec.nav)} · ${t('appTitle')}`;
  } catch (err) {
    replace(main, errorBox(err));
  }
}

window.addEventListener('hashchange', () => void render());
void render();
