/** Tripos MOL2 as parsed, using the Tripos field names (atom_name, atom_type, subst_id, charge_type...). */
import type { Diagnostic } from '../diagnostics.js';
import type { MoleculeAtoms, MoleculeBonds } from '../molecule.js';

/** A `@<TRIPOS>SUBSTRUCTURE` row. */
export interface Mol2Substructure {
  readonly subst_id: number;
  readonly subst_name: string;
  /** 1-based atom_id of the root atom. */
  readonly root_atom: number;
}

/** One `@<TRIPOS>MOLECULE` record with its ATOM, BOND and SUBSTRUCTURE sections. */
export interface Mol2Record {
  readonly index: number;
  /** 1-based line of the `@<TRIPOS>MOLECULE` tag. */
  readonly line: number;
  readonly mol_name: string;
  readonly mol_type: string;
  readonly charge_type: string;
  readonly atoms: MoleculeAtoms;
  /** atom_name per atom. */
  readonly atomName: readonly string[];
  /** SYBYL atom_type per atom ("C.ar", "N.am", "Cl"). */
  readonly atomType: readonly string[];
  /** Partial charge per atom (0 when the column is absent). */
  readonly partialCharge: Float32Array;
  /** subst_id per atom (0 when absent). */
  readonly substId: Uint32Array;
  /** Bonds; MOL2 "ar" is order 4, "am" order 1, "du"/"un"/"nc" order 0. */
  readonly bonds: MoleculeBonds;
  /** MOL2 bond_type per bond as written ("1", "ar", "am"). */
  readonly bondType: readonly string[];
  readonly substructures: readonly Mol2Substructure[];
}

/** A parsed MOL2 file: records that parsed and a diagnostic for every one skipped. */
export interface Mol2File {
  readonly source: string;
  readonly records: readonly Mol2Record[];
  readonly recordCount: number;
  readonly diagnostics: readonly Diagnostic[];
}
