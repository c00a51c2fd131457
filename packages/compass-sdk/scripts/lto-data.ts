/** The licence-clean training data of the bundled model: OpenFF PLB and Schrodinger FEP+ sets, grouped by protein. */
import { join } from 'node:path';
import { openDatasetDir } from '../src/datasets/open-dataset.js';
import type { Dataset } from '../src/datasets/item.js';
import { sharedDataDir } from '../../../support/shared-data.js';

// Subsets of one protein carry different names across (and within) the two benchmarks; a leave-target-out split
// must keep them together or it measures memorisation of the protein.
const FAMILIES = [
  'bace',
  'cdk2',
  'cdk8',
  'cmet',
  'eg5',
  'hif2a',
  'hsp90',
  'irak4',
  'jak1',
  'jak2',
  'jnk1',
  'mcl1',
  'p2y1',
  'p38',
  'pde2',
  'pfkfb3',
  'ptp1b',
  'shp2',
  'syk',
  'thrombin',
  'tnks2',
  'tyk2',
];

/** The protein family of a benchmark target name (`frag_mcl1_noweak` -> `mcl1`, `throm_nozob_hip75` -> `thrombin`). */
export function proteinFamily(target: string): string {
  const t = target
    .toLowerCase()
    .replace(/^frag_/, '')
    .replace(/^throm_/, 'thrombin_');
  return FAMILIES.find((f) => t === f || t.startsWith(`${f}_`)) ?? t;
}

/** Both sets, each item's `target` replaced by its protein family. */
export async function licenceCleanDataset(): Promise<Dataset> {
  const parts = [
    { set: 'openff', ds: await openDatasetDir(join(sharedDataDir(), 'openff-plb')) },
    { set: 'schrodinger', ds: await openDatasetDir(join(sharedDataDir(), 'schrodinger-fep')) },
  ];
  return {
    name: 'openff-plb (CC-BY-4.0) + schrodinger-fep (MIT)',
    items: parts.flatMap((p) =>
      p.ds.items.map((i) => ({ ...i, id: `${p.set}/${i.id}`, target: proteinFamily(i.target) })),
    ),
    diagnostics: parts.flatMap((p) => p.ds.diagnostics),
  };
}
