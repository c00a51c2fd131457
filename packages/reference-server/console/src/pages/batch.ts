/** Batch page: receptors and docked poses (files, a folder or the FLASH-DOCK example) -> progress, table, heatmap, CSV/PNG. */
import { extractArchive } from '../archive.js';
import { type PageRenderer } from '../context.js';
import { download, fmt, h, replace } from '../dom.js';
import { heatmapSvg, svgToPng } from '../heatmap.js';
import { ligandFormat, pairPoses, proteinFormat, stem } from '../formats.js';
import { t } from '../i18n.js';
import { type BatchResponse, type ExampleFile } from '../types.js';
import { errorBox, errorText, labelCells, progressBar } from '../ui.js';

/** A structure file that is read only when needed. */
interface Source {
  readonly name: string;
  read(): Promise<string>;
}

/** One scored pair. */
interface Row {
  readonly receptor: string;
  readonly ligand: string;
  readonly pose: string;
  readonly pK: number | null;
  readonly uncertainty: number | null;
  readonly poses: number;
  readonly error: string | null;
}

type SortKey = 'receptor' | 'ligand' | 'pK' | 'uncertainty';

/** JSON bytes per request: the server's default body limit is 1 MiB, so large receptors go one pair at a time. */
const REQUEST_BUDGET = 900_000;

const state: {
  receptors: Source[];
  poses: Source[];
  rows: Row[];
  done: number;
  total: number;
  running: boolean;
  error?: unknown;
  sort: { key: SortKey; dir: 1 | -1 };
} = {
  receptors: [],
  poses: [],
  rows: [],
  done: 0,
  total: 0,
  running: false,
  sort: { key: 'receptor', dir: 1 },
};

function fileSources(files: FileList | null, accept: (name: string) => boolean): Source[] {
  return [...(files ?? [])]
    .filter((f) => accept(f.name))
    .map((f) => ({ name: f.webkitRelativePath || f.name, read: () => f.text() }));
}

const natural = new Intl.Collator(undefined, { numeric: true }).compare;

function sortedRows(): Row[] {
  const { key, dir } = state.sort;
  return [...state.rows].sort((a, b) => {
    const av = a[key];
    const bv = b[key];
    if (typeof av === 'string' && typeof bv === 'string') return dir * natural(av, bv);
    return dir * (((av as number | null) ?? -Infinity) - ((bv as number | null) ?? -Infinity));
  });
}

function toCsv(rows: readonly Row[]): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['receptor,ligand,pose,pK,uncertainty,poses,error'];
  for (const r of rows) {
    lines.push(
      [
        r.receptor,
        r.ligand,
        r.pose,
        r.pK?.toFixed(4) ?? '',
        r.uncertainty?.toFixed(4) ?? '',
        String(r.poses),
        r.error ?? '',
      ]
        .map(quote)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The Batch page. */
export const batchPage: PageRenderer = (ctx) => {
  const summary = h('p', { class: 'muted', 'data-testid': 'batch-summary' });
  const progress = h('div', { 'data-testid': 'batch-progress' });
  const results = h('div', { class: 'stack' });

  const pairing = () =>
    pairPoses(
      state.receptors.map((r) => r.name),
      state.poses.map((p) => p.name),
    );

  const refresh = () => {
    const { pairs, unpaired } = pairing();
    summary.textContent = `${t('receptors')}: ${state.receptors.length} · ${t('poses')}: ${state.poses.length} · ${pairs.length} ${t('pairs')}${
      unpaired.length ? ` · unpaired: ${unpaired.join(', ')}` : ''
    }`;
    replace(progress, state.total > 0 ? progressBar(state.done / state.total, t('progress')) : null);
    if (state.total > 0)
      progress.appendChild(
        h('span', { class: 'muted small', 'data-testid': 'batch-count' }, `${state.done} / ${state.total}`),
      );
    runButton.disabled = state.running || pairs.length === 0;
    runButton.textContent = state.running ? t('running') : t('runBatch');
    renderResults();
  };

  const renderResults = () => {
    replace(results);
    if (state.error) results.appendChild(errorBox(state.error));
    if (state.rows.length === 0) return;
    const header = (key: SortKey, label: string) =>
      h(
        'th',
        {
          'aria-sort': state.sort.key === key ? (state.sort.dir === 1 ? 'ascending' : 'descending') : 'none',
        },
        h(
          'button',
          {
            type: 'button',
            class: 'th-sort',
            'data-sort': key,
            onclick: () => {
              state.sort = {
                key,
                dir: state.sort.key === key ? (state.sort.dir === 1 ? -1 : 1) : key === 'pK' ? -1 : 1,
              };
              renderResults();
            },
          },
          label,
          state.sort.key === key ? (state.sort.dir === 1 ? ' ▲' : ' ▼') : '',
        ),
      );
    const table = h(
      'div',
      { class: 'table-wrap' },
      labelCells(
        h(
          'table',
          { class: 'table', 'data-testid': 'batch-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              header('receptor', t('receptor')),
              header('ligand', t('ligandCol')),
              header('pK', t('pK')),
              header('uncertainty', t('uncertainty')),
              h('th', {}, t('status')),
            ),
          ),
          h(
            'tbody',
            {},
            sortedRows().map((r) =>
              h(
                'tr',
                {},
                h('td', {}, stem(r.receptor)),
                h('td', {}, r.ligand),
                h('td', { class: 'num', 'data-pk': r.pK ?? '' }, fmt(r.pK)),
                h('td', { class: 'num' }, fmt(r.uncertainty)),
                h(
                  'td',
                  {},
                  r.error
                    ? h('span', { class: 'text-error', title: r.error }, `${t('failed')}: ${r.error}`)
                    : t('ok'),
                ),
              ),
            ),
          ),
        ),
      ),
    );
    const receptors = [...new Set(state.rows.map((r) => stem(r.receptor)))].sort(natural);
    const ligands = [...new Set(state.rows.map((r) => r.ligand))].sort(natural);
    const byCell = new Map(state.rows.map((r) => [`${stem(r.receptor)}|${r.ligand}`, r.pK ?? undefined]));
    const map = heatmapSvg(receptors, ligands, (r, c) => byCell.get(`${r}|${c}`), t('heatmap'));
    const actions = h(
      'div',
      { class: 'row' },
      h(
        'button',
        {
          type: 'button',
          class: 'btn',
          'data-testid': 'download-csv',
          onclick: () => download(new Blob([toCsv(sortedRows())], { type: 'text/csv' }), 'compass-batch.csv'),
        },
        t('downloadCsv'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn',
          'data-testid': 'download-png',
          onclick: async () => download(await svgToPng(map), 'compass-heatmap.png'),
        },
        t('downloadPng'),
      ),
    );
    results.appendChild(
      h(
        'section',
        { class: 'card' },
        h('h2', {}, t('heatmap')),
        h('div', { class: 'heatmap-wrap' }, map),
        actions,
      ),
    );
    // A select as well as the header buttons: on phones the table's header is hidden (rows become cards).
    const keys: Array<[SortKey, string]> = [
      ['receptor', t('receptor')],
      ['ligand', t('ligandCol')],
      ['pK', t('pK')],
      ['uncertainty', t('uncertainty')],
    ];
    const sortSelect = h(
      'select',
      {
        id: 'batch-sort',
        onchange: () => {
          const [key, dir] = sortSelect.value.split(':');
          state.sort = { key: key as SortKey, dir: dir === '-1' ? -1 : 1 };
          renderResults();
        },
      },
      keys.flatMap(([key, label]) =>
        ([1, -1] as const).map((dir) =>
          h(
            'option',
            { value: `${key}:${dir}`, selected: state.sort.key === key && state.sort.dir === dir },
            `${label} ${dir === 1 ? '▲' : '▼'}`,
          ),
        ),
      ),
    );
    results.appendChild(
      h(
        'section',
        { class: 'card' },
        h('h2', {}, t('result')),
        h('div', { class: 'row' }, h('label', { for: 'batch-sort' }, t('sortBy')), sortSelect),
        table,
      ),
    );
  };

  const run = async () => {
    const { pairs } = pairing();
    state.running = true;
    state.rows = [];
    state.error = undefined;
    state.done = 0;
    state.total = pairs.length;
    refresh();
    const texts = new Map<string, string>();
    const text = async (src: Source) => {
      let v = texts.get(src.name);
      if (v === undefined) texts.set(src.name, (v = await src.read()));
      return v;
    };
    const receptorsByName = new Map(state.receptors.map((r) => [r.name, r]));
    const posesByName = new Map(state.poses.map((p) => [p.name, p]));
    try {
      let chunk: Array<{ pair: (typeof pairs)[number]; item: unknown; size: number }> = [];
      const flush = async () => {
        if (chunk.length === 0) return;
        const sent = chunk;
        chunk = [];
        const res = await ctx.api.request<BatchResponse>('POST', '/api/v1/inference/batch', {
          json: { items: sent.map((c) => c.item) },
          signal: ctx.signal,
        });
        sent.forEach((c, i) => {
          const r = res.results.find((x) => x.id === String(i)) ?? res.results[i];
          const best = r?.ok ? r.predictions[0] : undefined;
          state.rows.push({
            receptor: c.pair.receptor,
            ligand: c.pair.ligand,
            pose: c.pair.pose,
            pK: best?.pK ?? null,
            uncertainty: best?.uncertainty ?? null,
            poses: r?.ok ? r.predictions.length : 0,
            error: r && !r.ok ? `${r.error.code}: ${r.error.message}` : r ? null : 'no result',
          });
        });
        state.done += sent.length;
        refresh();
      };
      let size = 0;
      for (const pair of pairs) {
        const receptor = receptorsByName.get(pair.receptor) as Source;
        const pose = posesByName.get(pair.pose) as Source;
        const item = {
          id: String(chunk.length),
          protein: { format: proteinFormat(receptor.name) ?? 'pdb', text: await text(receptor) },
          ligand: { format: ligandFormat(pose.name) ?? 'sdf', text: await text(pose) },
        };
        const itemSize = item.protein.text.length + item.ligand.text.length + 200;
        if (chunk.length > 0 && size + itemSize > REQUEST_BUDGET) {
          await flush();
          size = 0;
          item.id = '0';
        }
        chunk.push({ pair, item, size: itemSize });
        size += itemSize;
      }
      await flush();
    } catch (err) {
      if (!ctx.signal.aborted) state.error = new Error(errorText(err));
    } finally {
      state.running = false;
      if (!ctx.signal.aborted) refresh();
    }
  };

  const receptorInput = h('input', {
    id: 'batch-receptors',
    type: 'file',
    multiple: true,
    accept: '.pdb,.pdbqt,.ent',
    onchange: (e: Event) => {
      state.receptors = fileSources(
        (e.target as HTMLInputElement).files,
        (n) => proteinFormat(n) !== undefined,
      );
      refresh();
    },
  });
  const poseInput = h('input', {
    id: 'batch-poses',
    type: 'file',
    multiple: true,
    accept: '.sdf,.sd,.mol2,.pdbqt,.mol',
    onchange: (e: Event) => {
      state.poses = fileSources((e.target as HTMLInputElement).files, (n) => ligandFormat(n) !== undefined);
      refresh();
    },
  });
  const folderInput = h('input', {
    id: 'batch-folder',
    type: 'file',
    webkitdirectory: true,
    multiple: true,
    onchange: (e: Event) => {
      const files = (e.target as HTMLInputElement).files;
      state.receptors = fileSources(
        files,
        (n) => proteinFormat(n) === 'pdb' || n.toLowerCase().endsWith('.pdbqt'),
      );
      state.poses = fileSources(
        files,
        (n) => ligandFormat(n) !== undefined && !n.toLowerCase().endsWith('.pdbqt'),
      );
      refresh();
    },
  });
  const archiveInput = h('input', {
    id: 'batch-archive',
    type: 'file',
    accept: '.zip,.tar,.tgz,.gz',
    onchange: async (e: Event) => {
      const file = (e.target as HTMLInputElement).files?.[0];
      if (!file) return;
      try {
        const entries = extractArchive(file.name, new Uint8Array(await file.arrayBuffer()));
        const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
        const toSource = (entry: { name: string; bytes: Uint8Array }): Source => ({
          name: entry.name,
          read: async () => decode(entry.bytes),
        });
        state.receptors = entries.filter((x) => proteinFormat(x.name) !== undefined).map(toSource);
        state.poses = entries
          .filter((x) => ligandFormat(x.name) !== undefined && !x.name.toLowerCase().endsWith('.pdbqt'))
          .map(toSource);
        state.error = undefined;
      } catch (err) {
        state.error = err;
      }
      refresh();
    },
  });
  const exampleButton = h(
    'button',
    {
      type: 'button',
      class: 'btn',
      'data-testid': 'batch-example',
      onclick: async () => {
        try {
          const { items } = await ctx.api.get<{ items: ExampleFile[] }>('/api/v1/console/examples');
          const inFolder = items.filter((e) => e.name.startsWith('Batch_Docking_Result/'));
          const source = (e: ExampleFile): Source => ({
            name: e.name.split('/').pop() ?? e.name,
            read: () => ctx.api.get<string>('/api/v1/console/examples/file', { name: e.name }),
          });
          state.receptors = inFolder.filter((e) => e.kind === 'receptor').map(source);
          state.poses = inFolder.filter((e) => e.kind === 'pose').map(source);
          state.error = undefined;
        } catch (err) {
          state.error = err;
        }
        refresh();
      },
    },
    t('batchExample'),
  );
  const runButton = h(
    'button',
    { type: 'button', class: 'btn btn-primary', 'data-testid': 'run-batch', onclick: () => void run() },
    t('runBatch'),
  );

  const form = h(
    'section',
    { class: 'card stack' },
    h(
      'div',
      { class: 'grid-2' },
      h('div', { class: 'field' }, h('label', { for: 'batch-receptors' }, t('receptors')), receptorInput),
      h('div', { class: 'field' }, h('label', { for: 'batch-poses' }, t('poses')), poseInput),
      h('div', { class: 'field' }, h('label', { for: 'batch-folder' }, t('folder')), folderInput),
      h('div', { class: 'field' }, h('label', { for: 'batch-archive' }, t('archive')), archiveInput),
    ),
    h('p', { class: 'muted small' }, t('pairHelp')),
    h('div', { class: 'row' }, exampleButton, runButton),
    summary,
    progress,
  );
  refresh();
  return h('div', { class: 'stack' }, h('h1', {}, t('batchTitle')), form, results);
};
