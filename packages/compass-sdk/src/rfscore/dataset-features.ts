/** rfscore-v1 features of a dataset folder's items: each protein file read, parsed and binned once. */
import { stat } from 'node:fs/promises';
import type { DatasetItem } from '../datasets/item.js';
import type { Diagnostic } from '../structure/diagnostics.js';
import { parseLigands, parseProtein, type LigandFile } from '../structure/formats.js';
import { readRegularFile } from '../structure/io/read-regular-file.js';
import type { RfScoreFeatureTable } from './features-csv.js';
import { RFSCORE_FEATURE_COUNT, RfScoreReceptor, rfScoreFeatures } from './features.js';

/** Options of {@link datasetFeatures}. */
export interface DatasetFeaturesOptions {
  /** Leave out items without a label (default true: training needs them). */
  readonly labelledOnly?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * The file to count against: RF-Score v1 counts the whole protein (12 A reaches past a 10 A pocket), so a PDBbind
 * `<id>_pocket.pdb` gives way to the `<id>_protein.pdb` (or `.pdb.gz`) beside it when there is one.
 */
async function wholeProteinPath(path: string): Promise<string> {
  if (!/_pocket\.pdb$/.test(path)) return path;
  for (const candidate of [
    path.replace(/_pocket\.pdb$/, '_protein.pdb'),
    path.replace(/_pocket\.pdb$/, '_protein.pdb.gz'),
  ]) {
    const st = await stat(candidate).catch(() => undefined);
    if (st?.isFile()) return candidate;
  }
  return path;
}

/**
 * The features table of `items` (ids, pK, 36 counts each) and a diagnostic for every item left out and why (an
 * unreadable file, a missing ligand record, no label). FEP sets share a protein across many ligands: it is
 * prepared once. A PDBbind pocket file is replaced by the whole protein beside it (see the rule in features.ts).
 *
 * @example
 * const ds = await openDatasetDir('data/tyk2');
 * const { table, diagnostics } = await datasetFeatures(ds.items);
 */
export async function datasetFeatures(
  items: readonly DatasetItem[],
  options: DatasetFeaturesOptions = {},
): Promise<{ table: RfScoreFeatureTable; diagnostics: Diagnostic[] }> {
  const receptors = new Map<string, RfScoreReceptor>();
  // A protein used by one item (PDBbind folders) is counted directly; a shared one (FEP sets) is binned once.
  const uses = new Map<string, number>();
  const proteinPaths = new Map<string, string>();
  for (const item of items) {
    uses.set(item.proteinPath, (uses.get(item.proteinPath) ?? 0) + 1);
    if (!proteinPaths.has(item.proteinPath))
      proteinPaths.set(item.proteinPath, await wholeProteinPath(item.proteinPath));
  }
  const pocketsOnly = [...proteinPaths].filter(
    ([from, to]) => from === to && /_pocket\.pdb$/.test(from),
  ).length;
  const ligands = new Map<string, LigandFile>();
  const ids: string[] = [];
  const pK: number[] = [];
  const rows: number[] = [];
  const diagnostics: Diagnostic[] = [];
  const labelledOnly = options.labelledOnly ?? true;
  let done = 0;
  for (const item of items) {
    options.signal?.throwIfAborted();
    try {
      if (labelledOnly && item.label === undefined) throw new Error('no affinity label');
      const within = item.root === undefined ? {} : { within: item.root };
      const path = proteinPaths.get(item.proteinPath)!;
      const readProtein = async () => parseProtein(await readRegularFile(path, within), { source: path });
      let receptor = receptors.get(item.proteinPath);
      const single = uses.get(item.proteinPath) === 1 ? await readProtein() : undefined;
      if (!receptor && !single) {
        receptor = RfScoreReceptor.fromPdb(await readProtein());
        receptors.set(item.proteinPath, receptor);
      }
      let lig = ligands.get(item.ligandPath);
      if (!lig) {
        const bytes = await readRegularFile(item.ligandPath, within);
        lig = parseLigands(bytes, { source: item.ligandPath });
        ligands.set(item.ligandPath, lig);
      }
      const record = lig.records.find((r) => r.index === item.ligandRecord);
      if (!record) throw new Error(`${item.ligandPath}: no readable record ${item.ligandRecord + 1}`);
      const f = single ? rfScoreFeatures(single, record) : receptor!.features(record);
      ids.push(item.id);
      pK.push(item.label?.pK ?? Number.NaN);
      for (let k = 0; k < RFSCORE_FEATURE_COUNT; k++) rows.push(f[k]!);
    } catch (e) {
      diagnostics.push({
        severity: 'warning',
        code: 'RFSCORE_ITEM_SKIPPED',
        message: `${item.id}: ${(e as Error).message}`,
      });
    }
    options.onProgress?.(++done, items.length);
  }
  if (pocketsOnly > 0)
    diagnostics.push({
      severity: 'warning',
      code: 'RFSCORE_POCKET_ONLY',
      message: `${pocketsOnly} proteins are pocket files without a whole protein beside them: pairs beyond the pocket are missed`,
    });
  return {
    table: {
      source: items[0]?.root ?? 'dataset',
      ids,
      pK: Float64Array.from(pK),
      features: Float64Array.from(rows),
      labelled: pK.every((v) => Number.isFinite(v)),
    },
    diagnostics,
  };
}
