/** Adapters from the structure layer's parsed files (PDB, PDBQT, SDF, MOL2) to the Vina typing inputs. */
import type { MoleculeAtoms, MoleculeBonds } from '../../structure/molecule.js';
import type { PdbStructure } from '../../structure/pdb/schema.js';
import type { PdbqtStructure } from '../../structure/pdbqt/schema.js';
import type { AutodockAtomInput } from './autodock-typing.js';
import type { LigandInput } from './ligand-typing.js';
import type { ProteinAtomInput } from './protein-typing.js';

/** A small molecule as the SDF and MOL2 parsers give it. */
export interface ParsedMolecule {
  readonly atoms: MoleculeAtoms;
  readonly bonds: MoleculeBonds;
}

/** Protein atoms of a parsed PDB (or PDBQT) file, with residues keyed by their index in the file. */
export function proteinAtomsFromPdb(s: PdbStructure): ProteinAtomInput[] {
  const a = s.atoms;
  const out: ProteinAtomInput[] = new Array(a.count);
  for (let i = 0; i < a.count; i++) {
    out[i] = {
      element: a.element[i]!,
      name: a.name[i]!,
      residueName: a.resName[i]!,
      residueKey: String(a.residueIndex[i]),
      x: a.coords[3 * i]!,
      y: a.coords[3 * i + 1]!,
      z: a.coords[3 * i + 2]!,
    };
  }
  return out;
}

/** AutoDock-typed atoms of a parsed PDBQT file. */
export function autodockAtomsFromPdbqt(s: PdbqtStructure): AutodockAtomInput[] {
  const a = s.atoms;
  return Array.from({ length: a.count }, (_, i) => ({
    adType: s.autodockType[i]!,
    x: a.coords[3 * i]!,
    y: a.coords[3 * i + 1]!,
    z: a.coords[3 * i + 2]!,
  }));
}

/** A ligand's elements, coordinates, bonds and charges from a parsed SDF or MOL2 molecule. */
export function ligandFromMolecule(m: ParsedMolecule): LigandInput {
  const bonds = Array.from({ length: m.bonds.count }, (_, k) => ({
    a: m.bonds.from[k]!,
    b: m.bonds.to[k]!,
    // order 0 marks bond kinds other than 1, 2, 3 and aromatic; they are taken as single
    order: m.bonds.order[k] || 1,
  }));
  return { elements: m.atoms.element, coords: m.atoms.coords, bonds, formalCharges: m.atoms.formalCharge };
}
