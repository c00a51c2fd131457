/** The columnar molecule shared by the small-molecule formats (SDF/MOL, MOL2): atoms, coordinates and bonds. */

/** Atoms of a small molecule, columnar. */
export interface MoleculeAtoms {
  readonly count: number;
  /** x, y, z per atom in Angstrom. */
  readonly coords: Float32Array;
  /** Element symbol per atom, normalised case ("Cl"); "X" when unknown. */
  readonly element: readonly string[];
  readonly atomicNumber: Uint8Array;
  /** Formal charge per atom. */
  readonly formalCharge: Int8Array;
}

/** Bonds as parallel arrays of 0-based atom indices. Order: 1, 2, 3, 4 for aromatic, 0 for other kinds. */
export interface MoleculeBonds {
  readonly count: number;
  readonly from: Uint32Array;
  readonly to: Uint32Array;
  readonly order: Uint8Array;
}

/** Bond order code for aromatic bonds in {@link MoleculeBonds.order}. */
export const AROMATIC_BOND = 4;
