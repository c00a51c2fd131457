/**
 * What the examples score: the FLASH-DOCK files when the shared data has them, else the inputs committed in
 * `examples/data/`, so `npm run example -- predict-affinity` and `batch-heatmap` work on a fresh clone.
 */
import { batchPose, batchReceptor, flashdockAvailable } from './flashdock.js';
import { EXAMPLE_LIGANDS, exampleLigand, examplePocket } from './example-data.js';

/** Where the inputs came from. */
export type InputSource = 'flashdock' | 'examples/data';

/** One protein-ligand pair of a batch grid. */
export interface GridPair {
  readonly id: string;
  readonly protein: string;
  readonly ligand: string;
}

/** A receptor x ligand grid: `pairs[row][col]`, labelled for the CSV, the console and the heatmap. */
export interface BatchGrid {
  readonly source: InputSource;
  readonly rows: readonly string[];
  readonly cols: readonly string[];
  readonly pairs: readonly (readonly GridPair[])[];
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** FLASH-DOCK's 4 receptors x 4 docked ligands, else the committed tyk2 pocket x its 4 ligands. */
export function batchGrid(): BatchGrid {
  if (flashdockAvailable()) {
    const rows = range(4).map((r) => `receptor${r}`);
    const cols = range(4).map((l) => `ligand${l}`);
    return {
      source: 'flashdock',
      rows,
      cols,
      pairs: range(4).map((r) =>
        range(4).map((l) => ({
          id: `receptor${r}:ligand${l}`,
          protein: batchReceptor(r),
          ligand: batchPose(r, l),
        })),
      ),
    };
  }
  return {
    source: 'examples/data',
    rows: ['tyk2'],
    cols: EXAMPLE_LIGANDS,
    pairs: [
      EXAMPLE_LIGANDS.map((l) => ({ id: `tyk2:${l}`, protein: examplePocket(), ligand: exampleLigand(l) })),
    ],
  };
}

/**
 * The pair the predict example scores without flags: FLASH-DOCK receptor4 x ligand1 (as examples 3 and 6;
 * receptor1 x ligand1 clashes with its receptor), else tyk2 x lig_jmc_23.
 */
export function defaultPair(): GridPair & { readonly source: InputSource } {
  const grid = batchGrid();
  const pair = grid.source === 'flashdock' ? grid.pairs[3]![0]! : grid.pairs[0]![0]!;
  return { ...pair, source: grid.source };
}
