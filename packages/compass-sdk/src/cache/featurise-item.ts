/** Featurise one dataset item through the cache: files read once, parsed only on a miss. */
import { DatasetError } from '../datasets/errors.js';
import type { DatasetItem } from '../datasets/item.js';
import { parseLigands, parseProtein } from '../structure/formats.js';
import { featurise, type FeaturisedComplex } from '../structure/featurise.js';
import { extractPocket, type PocketOptions } from '../structure/pocket.js';
import { StructureError } from '../structure/errors.js';
import { readRegularFile } from '../structure/io/read-regular-file.js';
import type { FeatureCache } from './feature-cache.js';

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
  const [protein, ligand] = await Promise.all([
    readRegularFile(item.proteinPath, {
      ...(item.root ? { within: item.root } : {}),
      ...(signal ? { signal } : {}),
    }),
    readRegularFile(item.ligandPath, {
      ...(item.root ? { within: item.root } : {}),
      ...(signal ? { signal } : {}),
    }),
  ]).catch((e: unknown) => {
    check();
    throw e;
  });
  const compute = () => {
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
    return featurise(extractPocket(p, l, pocket));
  };
  if (!cache) return compute();
  return cache.getOrCompute(
    cache.key({ protein, ligand, record: item.ligandRecord, settings: { ...pocket } }),
    compute,
  );
}
