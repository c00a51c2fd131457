/**
 * Featurising through the cache: the one function (and the one key) with which every caller turns a protein and a
 * ligand record into cached features. Files are read once; parsing and the pocket cut happen only on a miss.
 */
import { DatasetError } from '../datasets/errors.js';
import type { DatasetItem } from '../datasets/item.js';
import { parseLigands, parseProtein, type LigandRecord } from '../structure/formats.js';
import { featurise, type FeaturisedComplex } from '../structure/featurise.js';
import type { PdbStructure } from '../structure/pdb/schema.js';
import { extractPocket, type PocketOptions } from '../structure/pocket.js';
import { StructureError } from '../structure/errors.js';
import { readRegularFile } from '../structure/io/read-regular-file.js';
import type { FeatureCache } from './feature-cache.js';

/** One complex to featurise: the files' bytes (the key) and how to parse them (only called on a miss). */
export interface FeatureSource {
  readonly protein: Uint8Array;
  readonly ligand: Uint8Array;
  /** 0-based record of the ligand file. */
  readonly record: number;
  /** The parsed protein and ligand record; a caller that featurises many items may share parses between them. */
  readonly parse: () => { readonly protein: PdbStructure; readonly ligand: LigandRecord };
}

/**
 * The settings part of a cache key for features cut with `pocket`: every option that changes the features, with
 * its default filled in, so `{}` and `{ radius: 10 }` are one key.
 */
export function featureKeySettings(pocket: PocketOptions): Record<string, unknown> {
  return {
    radius: pocket.radius ?? 10,
    keepWaters: pocket.keepWaters ?? false,
    keepIons: pocket.keepIons ?? false,
    removeHydrogens: pocket.removeHydrogens ?? false,
    coincidentDistance: pocket.coincidentDistance ?? 0.01,
    maxLigandDistance: pocket.maxLigandDistance ?? 8,
  };
}

/**
 * Features of `source` (pocket cut with `pocket`, then {@link featurise}), from `cache` when it has them, else
 * computed and stored there.
 *
 * @example
 * const f = await featuriseThroughCache({ protein, ligand, record: 0, parse }, { radius: 6 }, cache);
 * @throws the parser's or pocket's typed error on a miss that fails.
 */
export async function featuriseThroughCache(
  source: FeatureSource,
  pocket: PocketOptions,
  cache?: FeatureCache,
): Promise<FeaturisedComplex> {
  const compute = () => {
    const { protein, ligand } = source.parse();
    return featurise(extractPocket(protein, ligand, pocket));
  };
  if (!cache) return compute();
  const key = cache.key({
    protein: source.protein,
    ligand: source.ligand,
    record: source.record,
    settings: featureKeySettings(pocket),
  });
  return cache.getOrCompute(key, compute);
}

/**
 * Features of `item` (pocket cut with `pocket`, then {@link featurise}), from `cache` when it has them.
 *
 * `options.signal` cancels before the files are read and again before parsing (a dataset loop passes one signal
 * to every item, so a long featurisation stops at the next item).
 *
 * @throws the parser's or pocket's typed error on a miss that fails; STRUCTURE_BAD_INPUT when the record is absent;
 *   DATASET_ABORTED when the signal fired.
 */
export async function featuriseItem(
  item: DatasetItem,
  pocket: PocketOptions,
  cache?: FeatureCache,
  options: { readonly signal?: AbortSignal } = {},
): Promise<FeaturisedComplex> {
  const { signal } = options;
  const check = () => {
    if (signal?.aborted)
      throw new DatasetError('DATASET_ABORTED', `featurising ${item.id} aborted`, { cause: signal.reason });
  };
  check();
  const read = (path: string) =>
    readRegularFile(path, { ...(item.root ? { within: item.root } : {}), ...(signal ? { signal } : {}) });
  const [protein, ligand] = await Promise.all([read(item.proteinPath), read(item.ligandPath)]).catch(
    (e: unknown) => {
      check();
      throw e;
    },
  );
  const parse = () => {
    check();
    const p = parseProtein(protein, { source: item.proteinPath });
    const l = parseLigands(ligand, { source: item.ligandPath }).records.find(
      (r) => r.index === item.ligandRecord,
    );
    if (!l)
      throw new StructureError(
        'STRUCTURE_BAD_INPUT',
        `${item.ligandPath}: no readable record ${item.ligandRecord + 1}`,
      );
    return { protein: p, ligand: l };
  };
  return featuriseThroughCache({ protein, ligand, record: item.ligandRecord, parse }, pocket, cache);
}
