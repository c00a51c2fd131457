/** rfscore-v1 features of a dataset folder's items: each protein file read, parsed and binned once. */
import type { DatasetItem } from '../datasets/item.js';
import type { Diagnostic } from '../structure/diagnostics.js';
import { parseLigands, parseProtein, type LigandFile } from '../structure/formats.js';
import { readRegularFile } from '../structure/io/read-regular-file.js';
import type { RfScoreFeatureTable } from './features-csv.js';
import { RFSCORE_FEATURE_COUNT, RfScoreReceptor } from './features.js';

/** Options of {@link datasetFeatures}. */
export interface DatasetFeaturesOptions {
  /** Leave out items without a label (default true: training needs them). */
  readonly labelledOnly?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * The features table of `items` (ids, pK, 36 counts each) and a diagnostic for every item left out and why (an
 * unreadable file, a missing ligand record, no label). FEP sets share a protein across many ligands: it is
 * prepared once.
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
      let receptor = receptors.get(item.proteinPath);
      if (!receptor) {
        const bytes = await readRegularFile(item.proteinPath, within);
        receptor = RfScoreReceptor.fromPdb(parseProtein(bytes, { source: item.proteinPath }));
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
      const f = receptor.features(record);
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
