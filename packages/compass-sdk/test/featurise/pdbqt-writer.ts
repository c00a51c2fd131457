/**
 * Test helper: write a ligand record as a rigid PDBQT the way docking tools do (AutoDock types, polar hydrogens
 * only, %8.3f coordinates), to check that a PDBQT ligand featurises like the SDF it came from.
 */
import { pdbMolecule } from '../../src/chemistry/pdb-molecule.js';
import { sanitize } from '../../src/chemistry/sanitize.js';
import { obabelLigand } from '../../src/featurise/gign/obabel-ligand.js';
import { fileDecimal, printf3 } from '../../src/featurise/gign/pdb-coordinates.js';
import type { LigandRecord } from '../../src/structure/formats.js';
import { elementSymbol } from '../../src/structure/elements.js';

// Aromatic atoms as RDKit perceives the SDF molecule (AutoDock's "A" carbons).
function aromaticAtoms(rec: LigandRecord): Uint8Array {
  const lig = obabelLigand(rec);
  const m = sanitize(pdbMolecule(lig.atoms, lig.conect));
  const out = new Uint8Array(rec.atoms.count);
  lig.sourceIndex.forEach((src, k) => (out[src] = m.aromatic[k]!));
  return out;
}

/** AutoDock 4 type of each atom, or null for hydrogens AutoDock merges (non-polar). */
export function autodockTypes(rec: LigandRecord): (string | null)[] {
  const { atoms, bonds } = rec;
  const nbrs: number[][] = Array.from({ length: atoms.count }, () => []);
  for (let b = 0; b < bonds.count; b++) {
    nbrs[bonds.from[b]!]!.push(bonds.to[b]!);
    nbrs[bonds.to[b]!]!.push(bonds.from[b]!);
  }
  const arom = aromaticAtoms(rec);
  return Array.from({ length: atoms.count }, (_, a) => {
    const z = atoms.atomicNumber[a]!;
    const hs = nbrs[a]!.filter((o) => atoms.atomicNumber[o] === 1).length;
    if (z === 1)
      return nbrs[a]!.some((o) => atoms.atomicNumber[o] === 7 || atoms.atomicNumber[o] === 8) ? 'HD' : null;
    if (z === 6) return arom[a] ? 'A' : 'C';
    if (z === 7) return hs === 0 && atoms.formalCharge[a]! <= 0 && nbrs[a]!.length < 4 ? 'NA' : 'N';
    if (z === 8) return 'OA';
    if (z === 16) return 'SA';
    return elementSymbol(z);
  });
}

// Three decimals of the value the SDF held, rounded as C's printf does (what Open Babel writes).
function fixed3(x: number): string {
  return printf3(fileDecimal(x)).toFixed(3).padStart(8);
}

/** The record as PDBQT text (ROOT/ENDROOT, TORSDOF 0). */
export function writePdbqt(rec: LigandRecord): string {
  const types = autodockTypes(rec);
  const lines = ['REMARK  Name = ' + rec.name, 'ROOT'];
  let serial = 0;
  for (let a = 0; a < rec.atoms.count; a++) {
    const t = types[a];
    if (t === null || t === undefined) continue;
    serial++;
    const name = `${elementSymbol(rec.atoms.atomicNumber[a]!)}${serial}`.slice(0, 4).padEnd(4);
    const c = rec.atoms.coords;
    lines.push(
      `ATOM  ${String(serial).padStart(5)} ${name} UNL A   1    ${fixed3(c[3 * a]!)}${fixed3(c[3 * a + 1]!)}${fixed3(c[3 * a + 2]!)}  1.00  0.00    ${(0).toFixed(3).padStart(6)} ${t.padEnd(2)}`,
    );
  }
  lines.push('ENDROOT', 'TORSDOF 0', '');
  return lines.join('\n');
}
