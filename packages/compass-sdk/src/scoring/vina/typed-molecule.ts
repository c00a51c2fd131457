/** The typed form of a molecule the Vina scorer works on: coordinates, X-Score types, bonds, warnings. */
import type { PerceivedBonds } from './bond-perception.js';

/** A molecule typed for Vina. Hydrogens and atoms without a Vina type carry `XS.NONE` and are not scored. */
export interface VinaTypedMolecule {
  /** x, y, z per atom, in Angstrom. */
  readonly coords: Float64Array;
  /** X-Score type per atom ({@link XS}), `XS.NONE` for atoms that are not scored. */
  readonly xs: Uint8Array;
  /** Element symbol per atom, normalised ("Cl", "Zn"). */
  readonly elements: readonly string[];
  /** The bonds the typing used. */
  readonly bonds: PerceivedBonds;
  /** Why some atoms were left unscored or typed by a guess; empty when the typing is clean. */
  readonly warnings: readonly string[];
}

/** A ligand typed for Vina, with the torsion count of the (1 + w * Nrot) normalisation. */
export interface VinaTypedLigand extends VinaTypedMolecule {
  /** Vina's num_tors: half a count per heavy end of each rotatable bond whose other end has two heavy neighbours. */
  readonly numTorsions: number;
}
