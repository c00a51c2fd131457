/** The PDB coordinate section as parsed, columnar, using the wwPDB v3.3 field names (serial, resSeq, iCode...). */
import type { Diagnostic } from '../diagnostics.js';

/** ATOM/HETATM records of one model, one entry per kept atom (alternate locations already resolved). */
export interface PdbAtoms {
  readonly count: number;
  /** 1 for HETATM records, 0 for ATOM. */
  readonly hetatm: Uint8Array;
  readonly serial: Int32Array;
  /** Atom name, trimmed ("CA", "1HB"). */
  readonly name: readonly string[];
  /** Alternate location indicator kept ("" when none). */
  readonly altLoc: readonly string[];
  readonly resName: readonly string[];
  /** Chain identifier ("" when blank). */
  readonly chainID: readonly string[];
  readonly resSeq: Int32Array;
  /** Insertion code ("" when none). */
  readonly iCode: readonly string[];
  /** x, y, z per atom in Angstrom. */
  readonly coords: Float32Array;
  readonly occupancy: Float32Array;
  readonly tempFactor: Float32Array;
  /** Element symbol, normalised case ("Cl", "Zn"), from columns 77-78 or inferred from the atom name. */
  readonly element: readonly string[];
  readonly atomicNumber: Uint8Array;
  /** Formal charge from columns 79-80 ("2+" -> 2), 0 when blank. */
  readonly charge: Int8Array;
  /** Index into {@link PdbResidues} per atom. */
  readonly residueIndex: Uint32Array;
}

/** Residues in file order: a residue is a run of atoms with one (chainID, resSeq, iCode). */
export interface PdbResidues {
  readonly count: number;
  readonly resName: readonly string[];
  readonly chainID: readonly string[];
  readonly resSeq: Int32Array;
  readonly iCode: readonly string[];
  /** First atom of each residue; atoms of residue r are atomStart[r] .. atomStart[r + 1] - 1. Length count + 1. */
  readonly atomStart: Uint32Array;
  /** 1 when the residue came from HETATM records. */
  readonly hetatm: Uint8Array;
}

/** A parsed PDB (or PDBQT) file: the selected model's atoms, its residues and chains, and what was found on the way. */
export interface PdbStructure {
  readonly source: string;
  readonly atoms: PdbAtoms;
  readonly residues: PdbResidues;
  /** Chain identifiers in first-seen order. */
  readonly chains: readonly string[];
  /** How many MODEL records the file has (1 when it has none). */
  readonly modelCount: number;
  readonly diagnostics: readonly Diagnostic[];
  /** CONECT records as serial lists `[atom, bonded, bonded...]` (a repeated serial means a higher bond order). */
  readonly conect?: readonly (readonly number[])[];
}
