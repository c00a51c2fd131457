/** Featurises a dataset's items once per run: each protein and ligand file parsed once, then the model's cut. */
import type { FeatureCache } from '../cache/feature-cache.js';
import { readRegularFile } from '../structure/io/read-regular-file.js';
import type { DatasetItem } from '../datasets/item.js';
import type { CompassHyperParams } from '../model/hyper-params.js';
import { prepareComplex } from '../model/prepare.js';
import type { Diagnostic } from '../structure/diagnostics.js';
import type { FeaturisedComplex } from '../structure/featurise.js';
import { parseLigands, parseProtein, type LigandFile } from '../structure/formats.js';
import type { PdbStructure } from '../structure/pdb/schema.js';

/** Featurised items in input order; items that could not be prepared are left out and reported. */
export interface FeaturisedItems {
  readonly items: DatasetItem[];
  readonly features: FeaturisedComplex[];
  readonly diagnostics: Diagnostic[];
}

/** The settings part of a {@link FeatureCache} key for features made by {@link prepareComplex} with `hp`. */
export function featureCacheSettings(hp: CompassHyperParams): Record<string, unknown> {
  return { pocketRadius: hp.pocketRadius, keepHydrogens: hp.keepHydrogens, by: 'prepareComplex' };
}

/**
 * Prepares every item with {@link prepareComplex} (the same cut the predictor makes). FEP sets share one protein
 * across many ligands, so files are read and parsed once each. With `cache`, features are looked up by content
 * hash first (a resumed run skips featurisation).
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
  const settings = featureCacheSettings(hp);
  const out: FeaturisedItems = { items: [], features: [], diagnostics: [] };
  let done = 0;
  for (const item of items) {
    try {
      const [pb, lb] = await Promise.all([
        read(item.proteinPath, item.root),
        read(item.ligandPath, item.root),
      ]);
      const compute = (): FeaturisedComplex => {
        let protein = proteins.get(item.proteinPath);
        if (!protein)
          proteins.set(item.proteinPath, (protein = parseProtein(pb, { source: item.proteinPath })));
        let lig = ligands.get(item.ligandPath);
        if (!lig) ligands.set(item.ligandPath, (lig = parseLigands(lb, { source: item.ligandPath })));
        const record = lig.records.find((r) => r.index === item.ligandRecord);
        if (!record) throw new Error(`${item.ligandPath}: no readable record ${item.ligandRecord + 1}`);
        const { diagnostics: _d, ...features } = prepareComplex(protein, record, hp);
        return features;
      };
      const f = opts.cache
        ? await opts.cache.getOrCompute(
            opts.cache.key({ protein: pb, ligand: lb, record: item.ligandRecord, settings }),
            compute,
          )
        : compute();
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
