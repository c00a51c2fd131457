/** Vina typing straight from PDBQT text, exactly as Vina reads the files: AutoDock types and the torsion tree. */
import { parsePdbqt } from '../../structure/pdbqt/parser.js';
import { typeFromAutodock } from './autodock-typing.js';
import { autodockAtomsFromPdbqt } from './from-structure.js';
import { readPdbqtTorsionTree } from './pdbqt-torsion-tree.js';
import { countVinaTorsions } from './rotatable-bonds.js';
import { torsionTreeMobility } from './torsion-tree.js';
import type { VinaTypedLigand, VinaTypedMolecule } from './typed-molecule.js';

/** Type a rigid receptor PDBQT (for example from `obabel -xr`) for Vina. */
export function typeReceptorPdbqt(text: string): VinaTypedMolecule {
  return typeFromAutodock(autodockAtomsFromPdbqt(parsePdbqt(text)));
}

/**
 * Type a ligand PDBQT for Vina: bonds only within rigid pieces and across BRANCH rotors, and Vina's torsion count
 * over those rotors.
 *
 * @example
 * const score = scoreVina(VinaReceptor.fromTyped(typeReceptorPdbqt(rec)), typeLigandPdbqt(lig));
 */
export function typeLigandPdbqt(text: string): VinaTypedLigand {
  const s = parsePdbqt(text);
  const typed = typeFromAutodock(
    autodockAtomsFromPdbqt(s),
    torsionTreeMobility(readPdbqtTorsionTree(text, s.atoms.serial)),
  );
  return { ...typed, numTorsions: countVinaTorsions(typed.elements, typed.bonds) };
}
