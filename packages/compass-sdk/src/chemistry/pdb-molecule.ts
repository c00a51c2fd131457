/**
 * A molecule as RDKit 2022.09's `MolFromPDBFile` builds it before sanitising: CONECT bonds (a repeated entry
 * raises the order; a CONECT link across residues to a metal or water is a ZERO bond), proximity bonds,
 * standard-residue double bonds, and `BasicPDBCleanup` (a neutral four-valent N becomes N+).
 */
import { BondList, BondType, type MolGraph } from './mol-graph.js';
import { addProximityBonds, isBlacklistedPair, type ResidueIdentity } from './proximity-bonds.js';
import { isTemplateDoubleBond } from './residue-templates.js';

/** The atom columns of a PDB file that RDKit's reader uses. */
export interface PdbMoleculeAtoms extends ResidueIdentity {
  readonly count: number;
  readonly atomicNumber: Uint8Array;
  /** Formal charge from columns 79-80. */
  readonly formalCharge: Int8Array;
  readonly coords: Float32Array;
  /** Trimmed atom name ("CA"). */
  readonly name: readonly string[];
  /** Trimmed residue name ("ARG"). */
  readonly resName: readonly string[];
  /** 1 for HETATM records (templates skip them). */
  readonly hetatm: Uint8Array;
}

/** One CONECT link between 0-based atoms, with how many times it was listed from i to j (the bond order). */
export interface ConectLink {
  readonly i: number;
  readonly j: number;
  readonly order: 1 | 2 | 3;
}

/** Build the unsanitised molecule RDKit's PDB reader would build from these atoms and CONECT links. */
export function pdbMolecule(atoms: PdbMoleculeAtoms, conect: readonly ConectLink[] = []): MolGraph {
  const bonds = new BondList(atoms.count);
  for (const c of conect) {
    if (c.i === c.j || bonds.find(c.i, c.j) >= 0) continue;
    const zero = isBlacklistedPair(atoms.atomicNumber, atoms, c.i, c.j);
    bonds.add(c.i, c.j, zero ? BondType.ZERO : (c.order as BondType));
  }
  addProximityBonds(atoms.coords, atoms.atomicNumber, atoms, bonds);
  applyResidueTemplates(atoms, bonds);
  const charge = atoms.formalCharge.slice();
  const g = bonds.toGraph(atoms.atomicNumber, charge);
  fourValentNitrogen(g);
  return g;
}

function applyResidueTemplates(atoms: PdbMoleculeAtoms, bonds: BondList): void {
  const doubles = new Uint8Array(atoms.count);
  for (let b = 0; b < bonds.count; b++) {
    const [i, j] = bonds.ends(b);
    if (bonds.typeOf(b) === BondType.DOUBLE) {
      doubles[i]!++;
      doubles[j]!++;
    }
  }
  for (let b = 0; b < bonds.count; b++) {
    if (bonds.typeOf(b) !== BondType.SINGLE) continue;
    const [i, j] = bonds.ends(b);
    if (atoms.residueKey[i] !== atoms.residueKey[j] || atoms.hetatm[i] || atoms.hetatm[j]) continue;
    if (doubles[i] || doubles[j]) continue;
    if (!isTemplateDoubleBond(atoms.resName[i]!, atoms.name[i]!, atoms.name[j]!)) continue;
    bonds.setType(b, BondType.DOUBLE);
    doubles[i]!++;
    doubles[j]!++;
  }
}

// RDKit GitHub #1029: a neutral N with four bonds' worth of valence is N+.
function fourValentNitrogen(g: MolGraph): void {
  const valence = new Float64Array(g.atomCount);
  for (let b = 0; b < g.bondCount; b++) {
    const t = g.bondType[b]!;
    valence[g.bondBegin[b]!]! += t;
    valence[g.bondEnd[b]!]! += t;
  }
  for (let a = 0; a < g.atomCount; a++)
    if (g.atomicNumber[a] === 7 && g.formalCharge[a] === 0 && Math.round(valence[a]! + 0.1) === 4)
      g.formalCharge[a] = 1;
}
