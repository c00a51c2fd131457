/** Predict page: one protein and one ligand pose (uploaded or a shared example) -> pK, uncertainty, model, timing, 3D view. */
import { type PageRenderer } from '../context.js';
import { fmt, h, replace } from '../dom.js';
import { ligandFormat, proteinFormat } from '../formats.js';
import { t } from '../i18n.js';
import {
  type ExampleFile,
  type ModelRecord,
  type Page,
  type PredictResponse,
  type StructureText,
} from '../types.js';
import { errorBox } from '../ui.js';
import { moleculeViewer } from '../viewer.js';

interface Loaded extends StructureText {
  readonly label: string;
}

/** Kept across language switches and page visits. */
const state: {
  protein?: Loaded;
  ligand?: Loaded;
  model: string;
  result?: PredictResponse;
  /** The model asked for with the shown result ('' for the server default). */
  requested: string;
  error?: unknown;
} = { model: '', requested: '' };

function loadedLine(kind: string, item: Loaded | undefined): HTMLElement {
  return h(
    'p',
    { class: 'muted', 'data-testid': `loaded-${kind}` },
    item ? `${t('loaded')}: ${item.label} (${item.format}, ${item.text.length.toLocaleString()} chars)` : '',
  );
}

/** Models known from `GET /api/v1/models`, to name the model that answered and recognise the fallback scorer. */
let knownModels: ModelRecord[] = [];

function modelLabel(id: string): string {
  const m = knownModels.find((x) => x.id === id);
  return m ? `${m.name} (${m.id})` : id;
}

/** Whether a fallback answered, and why: the server's own statement when it gives one, else what the ids show. */
function fallbackText(res: PredictResponse, requested: string): string {
  if (res.fallback) {
    const which = typeof res.fallback === 'string' ? res.fallback : res.model;
    return `${t('fallback')}: ${which}${res.fallbackReason ? ` — ${res.fallbackReason}` : ''}`;
  }
  const answered = knownModels.find((m) => m.id === res.model);
  const arch = (answered?.card.architecture as { name?: string } | undefined)?.name;
  if (requested && requested !== res.model && !answered?.aliases.includes(requested))
    return t('fallbackOther', { requested, answered: res.model });
  if (arch === 'vina') return t(requested ? 'fallbackVinaChosen' : 'fallbackVinaDefault');
  return t('fallbackNone');
}

function resultView(res: PredictResponse, requested: string): HTMLElement {
  const first = res.predictions[0];
  return h(
    'section',
    { class: 'card', 'aria-live': 'polite', 'data-testid': 'predict-result' },
    h('h2', {}, t('result')),
    first
      ? h(
          'p',
          { class: 'big-number' },
          h('span', { 'data-testid': 'pk' }, fmt(first.pK)),
          h('span', { class: 'unit' }, ` ${res.unit}`),
          first.uncertainty !== null
            ? h('span', { class: 'pm', 'data-testid': 'uncertainty' }, ` ± ${fmt(first.uncertainty)}`)
            : h('span', { class: 'muted small' }, ` (${t('noUncertainty')})`),
        )
      : null,
    res.predictions.length > 1
      ? h(
          'table',
          { class: 'table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, '#'),
              h('th', {}, t('name')),
              h('th', {}, t('pK')),
              h('th', {}, t('uncertainty')),
            ),
          ),
          h(
            'tbody',
            {},
            res.predictions.map((p) =>
              h(
                'tr',
                {},
                h('td', {}, p.index),
                h('td', {}, p.name),
                h('td', {}, fmt(p.pK)),
                h('td', {}, fmt(p.uncertainty)),
              ),
            ),
          ),
        )
      : null,
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('answeredBy')),
      h('dd', { 'data-testid': 'answered-by', 'data-model': res.model }, modelLabel(res.model)),
      h('dt', {}, t('fallback')),
      h('dd', { 'data-testid': 'fallback' }, fallbackText(res, requested)),
      h('dt', {}, t('timing')),
      h(
        'dd',
        {},
        `${t('parse')} ${fmt(res.timings.parseMs, 1)} ms · ${t('compute')} ${fmt(res.timings.predictMs, 1)} ms · ${t('total')} ${fmt(res.timings.totalMs, 1)} ms`,
      ),
    ),
    res.predictions.some((p) => p.warnings.length > 0)
      ? h(
          'div',
          { class: 'alert alert-warn' },
          h('strong', {}, t('warnings')),
          h(
            'ul',
            {},
            res.predictions.flatMap((p) => p.warnings.map((w) => h('li', {}, w))),
          ),
        )
      : null,
  );
}

/** The Predict page. */
export const predictPage: PageRenderer = (ctx) => {
  const output = h('div', { class: 'stack' });
  const proteinLine = h('div');
  const ligandLine = h('div');
  const refreshLoaded = () => {
    replace(proteinLine, loadedLine('protein', state.protein));
    replace(ligandLine, loadedLine('ligand', state.ligand));
  };
  const showResult = () => {
    replace(output);
    if (state.error) output.appendChild(errorBox(state.error));
    if (state.result && state.protein && state.ligand) {
      output.appendChild(resultView(state.result, state.requested));
      output.appendChild(
        moleculeViewer(state.protein, state.ligand, state.result.predictions[0]?.atomContributions),
      );
    }
  };

  const readFile = async (input: HTMLInputElement, kind: 'protein' | 'ligand') => {
    const file = input.files?.[0];
    if (!file) return;
    const format = kind === 'protein' ? proteinFormat(file.name) : ligandFormat(file.name);
    if (!format) {
      state.error = new Error(`${file.name}: unsupported file type`);
      showResult();
      return;
    }
    state[kind] = { format, text: await file.text(), label: file.name };
    state.result = undefined;
    state.error = undefined;
    refreshLoaded();
    showResult();
  };
  const proteinInput = h('input', {
    id: 'protein-file',
    type: 'file',
    accept: '.pdb,.pdbqt,.ent',
    onchange: (e: Event) => void readFile(e.target as HTMLInputElement, 'protein'),
  });
  const ligandInput = h('input', {
    id: 'ligand-file',
    type: 'file',
    accept: '.sdf,.sd,.mol2,.pdbqt,.mol',
    onchange: (e: Event) => void readFile(e.target as HTMLInputElement, 'ligand'),
  });

  const receptorSelect = h('select', { id: 'example-receptor' });
  const poseSelect = h('select', { id: 'example-pose' });
  const exampleBox = h('div', { class: 'stack' }, h('p', { class: 'muted' }, t('loading')));
  const useExample = h(
    'button',
    {
      type: 'button',
      class: 'btn',
      'data-testid': 'use-example',
      onclick: async () => {
        try {
          const [protein, ligand] = await Promise.all(
            [receptorSelect.value, poseSelect.value].map((name) =>
              ctx.api.get<string>('/api/v1/console/examples/file', { name }),
            ),
          );
          state.protein = { format: 'pdb', text: protein ?? '', label: receptorSelect.value };
          state.ligand = { format: 'sdf', text: ligand ?? '', label: poseSelect.value };
          state.result = undefined;
          state.error = undefined;
        } catch (err) {
          state.error = err;
        }
        refreshLoaded();
        showResult();
      },
    },
    t('useExample'),
  );
  void ctx.api
    .get<{ items: ExampleFile[] }>('/api/v1/console/examples')
    .then(({ items }) => {
      const receptors = items.filter(
        (e) => e.kind === 'receptor' && e.name.startsWith('Batch_Docking_Result/'),
      );
      const poses = items.filter((e) => e.kind === 'pose');
      if (receptors.length === 0 || poses.length === 0) {
        replace(exampleBox, h('p', { class: 'muted' }, t('noExamples')));
        return;
      }
      replace(
        receptorSelect,
        receptors.map((r) => h('option', { value: r.name }, r.name.split('/').pop() ?? r.name)),
      );
      replace(
        poseSelect,
        poses.map((p) => h('option', { value: p.name }, p.name.split('/').pop() ?? p.name)),
      );
      replace(
        exampleBox,
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'example-receptor' }, t('exampleReceptor')),
          receptorSelect,
        ),
        h('div', { class: 'field' }, h('label', { for: 'example-pose' }, t('examplePose')), poseSelect),
        useExample,
      );
    })
    .catch((err: unknown) => replace(exampleBox, errorBox(err)));

  const modelSelect = h('select', { id: 'predict-model', onchange: () => (state.model = modelSelect.value) });
  const fillModels = (models: ModelRecord[]) => {
    replace(
      modelSelect,
      h('option', { value: '' }, t('serverDefault')),
      models.map((m) =>
        h(
          'option',
          { value: m.id, selected: m.id === state.model },
          `${m.name}${m.isDefault ? ` (${t('default')})` : ''}`,
        ),
      ),
    );
  };
  fillModels([]);
  void ctx.api
    .get<Page<ModelRecord>>('/api/v1/models', { limit: 100 })
    .then((p) => {
      knownModels = p.items;
      fillModels(p.items);
    })
    .catch(() => undefined);

  const predictButton = h(
    'button',
    { type: 'submit', class: 'btn btn-primary', 'data-testid': 'predict' },
    t('predict'),
  );
  const form = h(
    'form',
    {
      class: 'card stack',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        if (!state.protein || !state.ligand) {
          state.error = new Error(t('needInputs'));
          showResult();
          return;
        }
        predictButton.disabled = true;
        predictButton.textContent = t('predicting');
        try {
          state.result = await ctx.api.request<PredictResponse>('POST', '/api/v1/inference/predict', {
            json: {
              protein: { format: state.protein.format, text: state.protein.text },
              ligand: { format: state.ligand.format, text: state.ligand.text },
              ...(state.model ? { model: state.model } : {}),
            },
          });
          state.requested = state.model;
          state.error = undefined;
        } catch (err) {
          state.result = undefined;
          state.error = err;
        } finally {
          predictButton.disabled = false;
          predictButton.textContent = t('predict');
        }
        showResult();
      },
    },
    h(
      'div',
      { class: 'grid-2' },
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'protein-file' }, t('protein')),
        proteinInput,
        proteinLine,
      ),
      h('div', { class: 'field' }, h('label', { for: 'ligand-file' }, t('ligand')), ligandInput, ligandLine),
    ),
    h('fieldset', { class: 'fieldset' }, h('legend', {}, t('orExample')), exampleBox),
    h('div', { class: 'field' }, h('label', { for: 'predict-model' }, t('model')), modelSelect),
    h('div', { class: 'row' }, predictButton),
  );
  refreshLoaded();
  showResult();
  return h('div', { class: 'stack' }, h('h1', {}, t('predictTitle')), form, output);
};
