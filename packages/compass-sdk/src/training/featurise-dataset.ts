/** Featurises a dataset's items once per run: each protein and ligand file parsed once, then the model's cut. */
import type { FeatureCache } from '../cache/feature-cache.js';
import { featureKeySettings, featuriseThroughCache } from '../cache/featurise-item.js';
import { readRegularFile } from '../structure/io/read-regular-file.js';
import type { DatasetItem } from '../datasets/item.js';
import type { CompassHyperParams } from '../model/hyper-params.js';
import type { Diagnostic } from '../structure/diagnostics.js';
import type { FeaturisedComplex } from '../structure/featurise.js';
import { parseLigands, parseProtein, type LigandFile } from '../structure/formats.js';
import type { PdbStructure } from '../structure/pdb/schema.js';
import type { PocketOptions } from '../structure/pocket.js';

/** Featurised items in input order; items that could not be prepared are left out and reported. */
export interface FeaturisedItems {
  readonly items: DatasetItem[];
  readonly features: FeaturisedComplex[];
  readonly diagnostics: Diagnostic[];
}

/** The pocket cut the hyper-parameters ask for (as `prepareComplex` makes it for prediction). */
export function pocketOptionsFor(
  hp: Pick<CompassHyperParams, 'pocketRadius' | 'keepHydrogens'>,
): PocketOptions {
  return { radius: hp.pocketRadius, removeHydrogens: !hp.keepHydrogens };
}

/** The settings part of a {@link FeatureCache} key for the model's features with `hp` (the cache's one key). */
export function featureCacheSettings(hp: CompassHyperParams): Record<string, unknown> {
  return featureKeySettings(pocketOptionsFor(hp));
}

/**
 * Prepares every item with the cut of `hp` (the same cut the predictor's `prepareComplex` makes) through
 * `featuriseThroughCache`, the cache's one key. FEP sets share one protein across many ligands, so files are read
 * and parsed once each. With `cache`, features are looked up by content hash first (a resumed run skips
 * featurisation).
 */
export async function featuriseItems(
  items: readonly DatasetItem[],
  hp: CompassHyperParams,
  opts: { cache?: FeatureCache; onProgress?: (done: number, total: number) => void } = {},
): Promise<FeaturisedItems> {
  const bytes = new Map<string, Promise<Buffer>>();
  // Opened once, by handle, inside the dataset's folder when it has one (no link swapped in after the check).
  const read = (p: string, root: string | undefined) => {
    let b = bytes.get(p);
    if (!b) bytes.set(p, (b = readRegularFile(p, root ? { within: root } : {})));
    return b;
  };
  const proteins = new Map<string, PdbStructure>();
  const ligands = new Map<string, LigandFile>();
  const pocket = pocketOptionsFor(hp);
  const out: FeaturisedItems = { items: [], features: [], diagnostics: [] };
  let done = 0;
  for (const item of items) {
    try {
      const [pb, lb] = await Promise.all([
        read(item.proteinPath, item.root),
        read(item.ligandPath, item.root),
      ]);
      const parse = () => {
        let protein = proteins.get(item.proteinPath);
        if (!protein)
          proteins.set(item.proteinPath, (protein = parseProtein(pb, { source: item.proteinPath })));
        let lig = ligands.get(item.ligandPath);
        if (!lig) ligands.set(item.ligandPath, (lig = parseLigands(lb, { source: item.ligandPath })));
        const ligand = lig.records.find((r) => r.index === item.ligandRecord);
        if (!ligand) throw new Error(`${item.ligandPath}: no readable record ${item.ligandRecord + 1}`);
        return { protein, ligand };
      };
      const f: FeaturisedComplex = await featuriseThroughCache(
        { protein: pb, ligand: lb, record: item.ligandRecord, parse },
        pocket,
        opts.cache,
      );
      out.items.push(item);
      out.features.push(f);
    } catch (e) {
      out.diagnostics.push({
        severity: 'error',
        code: 'TRAINING_ITEM_SKIPPED',
        message: `${item.id}: ${(e as Error).message}`,
      });
    }
    opts.onProgress?.(++done, items.length);
  }
  return out;
}
