// PLACEHOLDER written by the lead so the tree compiles while helper H2 writes the real featuriser.
// H2: replace this whole file with your barrel (keep exporting GIGN_FEATURISER_VERSION from ./version.js).
import type { Diagnostic } from '../../structure/diagnostics.js';
import type { LigandRecord } from '../../structure/formats.js';
import type { PdbStructure } from '../../structure/pdb/schema.js';
export { GIGN_FEATURISER_VERSION } from './version.js';

/** A complex as GIGN's graph. Atom order: ligand atoms (file order) then pocket atoms (file order). */
export interface GignGraph {
  readonly numLigandAtoms: number;
  readonly numPocketAtoms: number;
  readonly x: Float32Array;
  readonly pos: Float32Array;
  readonly intra: { readonly src: Int32Array; readonly dst: Int32Array };
  readonly inter: { readonly src: Int32Array; readonly dst: Int32Array };
  readonly diagnostics: readonly Diagnostic[];
}

export function buildGignGraph(protein: PdbStructure, ligand: LigandRecord): GignGraph {
  throw new Error(`GIGN featuriser not written yet (${protein.source}, ${ligand.name})`);
}
