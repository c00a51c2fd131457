/** PDBQT as parsed: PDB atoms plus AutoDock's partial charge (columns 71-76) and atom type (columns 78-79). */
import type { PdbStructure } from '../pdb/schema.js';

/** A parsed PDBQT file: the PDB view of its atoms, with AutoDock's per-atom columns aligned to them. */
export interface PdbqtStructure extends PdbStructure {
  /** AutoDock partial charge per atom (columns 71-76). */
  readonly partialCharge: Float32Array;
  /** AutoDock 4 atom type per atom ("C", "A", "OA", "HD", "NA", "SA"...). */
  readonly autodockType: readonly string[];
  /** TORSDOF value when present (ligand files), else undefined. */
  readonly torsdof: number | undefined;
}
