/**
 * The ligand as GIGN's pipeline hands it to RDKit: `obabel lig.{sdf,mol2} -O lig.pdb -d` (hydrogens deleted, bond
 * orders written as repeated CONECT entries, formal charges in columns 79-80), then RDKit's PDB reader. From an
 * SDF that keeps the file's bonds and charges. From a MOL2 it follows Open Babel 3.1.1's MOL2 reader: N.4 is +1,
 * a dangling O.co2 on a single bond is -1, an aromatic carboxylate becomes C(=O)[O-], a lone Cl is Cl-, and
 * "ar" bonds are kekulised (a system with no Kekule form keeps single bonds, as Open Babel's does).
 */
import { kekulize } from '../../chemistry/kekulize.js';
import type { ConectLink, PdbMoleculeAtoms } from '../../chemistry/pdb-molecule.js';
import type { LigandRecord } from '../../structure/formats.js';
import { AROMATIC_BOND, type MoleculeBonds } from '../../structure/molecule.js';
import { perceiveLigand } from './coordinate-ligand.js';

/** The ligand's heavy atoms and CONECT links as Open Babel writes them, with the index of each in the record. */
export interface ObabelLigand {
  readonly atoms: PdbMoleculeAtoms;
  readonly conect: readonly ConectLink[];
  readonly sourceIndex: Uint32Array;
  /** True when MOL2 aromatic bonds had no Kekule form ("Failed to kekulize aromatic bonds in MOL2 file"). */
  readonly kekulizeFailed: boolean;
}

// Valence an aromatic atom must reach (with one double bond) to need one, by element and charge.
function typicalValence(z: number, charge: number, valence: number): number {
  switch (z) {
    case 6:
      return charge === 0 ? 4 : 3;
    case 7:
      return 3 + charge;
    case 15:
      // A four-connected P (phosphate) takes P=O.
      return valence >= 4 ? 5 : 3 + charge;
    case 8:
    case 16:
    case 34:
      return 2 + charge;
    case 5:
      return 3;
    default:
      return 0;
  }
}

/** Open Babel's view of a ligand record: heavy atoms, charges and Kekule bond orders. */
export function obabelLigand(input: LigandRecord): ObabelLigand {
  // PDB and PDBQT ligands carry no bonds: take CONECT records when the file has them (bond orders as repeated
  // entries, as Open Babel writes them), else perceive bonds and orders (coordinate-ligand.ts).
  let rec = input;
  const fromConect = input.bonds.count === 0 ? conectBonds(input) : undefined;
  if (fromConect !== undefined) {
    const { atomType: _types, ...rest } = input;
    rec = { ...rest, bonds: fromConect };
  } else if (input.bonds.count === 0 && input.atoms.count > 1) {
    const p = perceiveLigand(input);
    // The perceived orders replace what AutoDock types said; the record goes on as if read from an SDF.
    const { atomType: _types, ...rest } = input;
    rec = { ...rest, bonds: p.bonds, atoms: { ...input.atoms, formalCharge: p.formalCharge } };
  }
  const { atoms, bonds } = rec;
  const n = atoms.count;
  const charge = Int8Array.from(atoms.formalCharge);
  const order = Uint8Array.from(bonds.order);
  const types = rec.atomType;
  const hCount = new Uint8Array(n);
  const degreeAll = new Uint8Array(n);
  for (let b = 0; b < bonds.count; b++) {
    const i = bonds.from[b]!,
      j = bonds.to[b]!;
    degreeAll[i]!++;
    degreeAll[j]!++;
    if (atoms.atomicNumber[j] === 1) hCount[i]!++;
    if (atoms.atomicNumber[i] === 1) hCount[j]!++;
  }
  let kekulizeFailed = false;
  if (types !== undefined) mol2Charges(rec, types, charge, order, degreeAll);
  // MOL2 "ar" and SDF bond type 4 alike: Open Babel kekulises before writing the PDB.
  if (order.includes(AROMATIC_BOND)) kekulizeFailed = !kekuliseAromatic(rec, charge, order, hCount);
  return buildPdbView(rec, charge, order, kekulizeFailed);
}

function mol2Charges(
  rec: LigandRecord,
  types: readonly string[],
  charge: Int8Array,
  order: Uint8Array,
  degreeAll: Uint8Array,
): void {
  const { atoms, bonds } = rec;
  const hasH = atoms.atomicNumber.some((z) => z === 1);
  const bondsOf: number[][] = Array.from({ length: atoms.count }, () => []);
  for (let b = 0; b < bonds.count; b++) {
    bondsOf[bonds.from[b]!]!.push(b);
    bondsOf[bonds.to[b]!]!.push(b);
  }
  const other = (b: number, a: number) => (bonds.from[b] === a ? bonds.to[b]! : bonds.from[b]!);
  for (let a = 0; a < atoms.count; a++) {
    if (types[a]!.startsWith('N.4')) charge[a] = 1;
    if (!hasH) continue;
    if (types[a] === 'O.co2' && degreeAll[a] === 1 && order[bondsOf[a]![0]!] === 1) charge[a] = -1;
    if (atoms.atomicNumber[a] === 17 && degreeAll[a] === 0) charge[a] = -1;
  }
  // An aromatic carboxylate (both terminal O/S on "ar" bonds) becomes C(=O)[O-].
  const terminalOS = (a: number) =>
    (atoms.atomicNumber[a] === 8 || atoms.atomicNumber[a] === 16) && degreeAll[a] === 1;
  for (let a = 0; a < atoms.count; a++) {
    if (!terminalOS(a)) continue;
    const bA = bondsOf[a]![0]!;
    if (order[bA] !== AROMATIC_BOND) continue;
    const c = other(bA, a);
    if (atoms.atomicNumber[c] !== 6) continue;
    let bB = -1;
    for (const b of bondsOf[c]!)
      if (b !== bA && order[b] === AROMATIC_BOND && terminalOS(other(b, c))) bB = b;
    if (bB < 0 || charge[other(bB, c)] !== 0) continue;
    order[bA] = 1;
    charge[a] = -1;
    order[bB] = 2;
  }
}

function kekuliseAromatic(
  rec: LigandRecord,
  charge: Int8Array,
  order: Uint8Array,
  hCount: Uint8Array,
): boolean {
  const { atoms, bonds } = rec;
  const begin: number[] = [],
    end: number[] = [],
    ids: number[] = [];
  const valence = Uint8Array.from(hCount);
  const hasDouble = new Uint8Array(atoms.count);
  const aromatic = new Uint8Array(atoms.count);
  for (let b = 0; b < bonds.count; b++) {
    const i = bonds.from[b]!,
      j = bonds.to[b]!;
    if (atoms.atomicNumber[i] === 1 || atoms.atomicNumber[j] === 1) continue;
    const o = order[b] === AROMATIC_BOND ? 1 : order[b]!;
    valence[i]! += o;
    valence[j]! += o;
    if (order[b] === 2) hasDouble[i] = hasDouble[j] = 1;
    if (order[b] === AROMATIC_BOND) {
      aromatic[i] = aromatic[j] = 1;
      begin.push(i);
      end.push(j);
      ids.push(b);
    }
  }
  if (ids.length === 0) return true;
  const needsDouble = new Uint8Array(atoms.count);
  for (let a = 0; a < atoms.count; a++)
    needsDouble[a] =
      aromatic[a] &&
      !hasDouble[a] &&
      valence[a]! < typicalValence(atoms.atomicNumber[a]!, charge[a]!, valence[a]!)
        ? 1
        : 0;
  const res = kekulize({ atomCount: atoms.count, needsDouble, begin, end });
  ids.forEach((b, k) => (order[b] = res.order[k]!));
  return res.complete;
}

function buildPdbView(
  rec: LigandRecord,
  charge: Int8Array,
  order: Uint8Array,
  kekulizeFailed: boolean,
): ObabelLigand {
  const { atoms, bonds } = rec;
  const heavy: number[] = [];
  const newIndex = new Int32Array(atoms.count).fill(-1);
  for (let a = 0; a < atoms.count; a++)
    if (atoms.atomicNumber[a] !== 1) {
      newIndex[a] = heavy.length;
      heavy.push(a);
    }
  const n = heavy.length;
  const coords = new Float32Array(3 * n);
  const atomicNumber = new Uint8Array(n);
  const formalCharge = new Int8Array(n);
  heavy.forEach((a, k) => {
    // Kept as parsed; the caller rounds them as Open Babel's %8.3f does (pdb-coordinates.ts).
    for (let d = 0; d < 3; d++) coords[3 * k + d] = atoms.coords[3 * a + d]!;
    atomicNumber[k] = atoms.atomicNumber[a]!;
    formalCharge[k] = charge[a]!;
  });
  const conect: ConectLink[] = [];
  for (let b = 0; b < bonds.count; b++) {
    const i = newIndex[bonds.from[b]!]!,
      j = newIndex[bonds.to[b]!]!;
    if (i < 0 || j < 0) continue;
    const o = order[b]!;
    conect.push({ i, j, order: o === 2 || o === 3 ? o : 1 });
  }
  // Open Babel keeps MOL2 residues (ATOM records, so RDKit's residue templates apply to a ligand named HIS);
  // an SDF has none and becomes HETATM UNL.
  const res = rec.residueId;
  const pdb = rec.hetatm !== undefined;
  const hasResidue = (a: number) =>
    res !== undefined &&
    (pdb || res[a]! > 0) &&
    (rec.residueName?.[a] ?? '') !== '' &&
    rec.residueName?.[a] !== '<1>';
  const pdbAtoms: PdbMoleculeAtoms = {
    count: n,
    atomicNumber,
    formalCharge,
    coords,
    name: heavy.map((a) => (rec.atomName?.[a] ?? '').slice(0, 4)),
    resName: heavy.map((a) => (hasResidue(a) ? rec.residueName![a]!.slice(0, 3) : 'UNL')),
    hetatm: Uint8Array.from(heavy, (a) =>
      pdb ? rec.hetatm![a]! : hasResidue(a) && rec.atomType !== undefined ? 0 : 1,
    ),
    residueKey: Int32Array.from(heavy, (a) => (hasResidue(a) ? res![a]! : 0)),
    water: new Uint8Array(n),
  };
  return { atoms: pdbAtoms, conect, sourceIndex: Uint32Array.from(heavy), kekulizeFailed };
}

/**
 * Bonds from a PDB ligand's CONECT records, read as RDKit reads them: a serial listed n times from one atom is a
 * bond of order n (Open Babel writes a double bond as two entries). Undefined when the file has none.
 */
function conectBonds(rec: LigandRecord): MoleculeBonds | undefined {
  if (rec.conect === undefined || rec.serial === undefined || rec.conect.length === 0) return undefined;
  const index = new Map<number, number>();
  rec.serial.forEach((s, i) => index.set(s, i));
  const counts = new Map<string, { i: number; j: number; n: number }>();
  for (const line of rec.conect) {
    const i = index.get(line[0]!);
    if (i === undefined) continue;
    for (const s of line.slice(1)) {
      const j = index.get(s);
      if (j === undefined || j === i) continue;
      const key = `${i}>${j}`;
      const c = counts.get(key) ?? { i, j, n: 0 };
      c.n++;
      counts.set(key, c);
    }
  }
  const bonds = new Map<string, { i: number; j: number; order: number }>();
  for (const { i, j, n } of counts.values()) {
    const key = i < j ? `${i}-${j}` : `${j}-${i}`;
    const prev = bonds.get(key);
    bonds.set(key, {
      i: Math.min(i, j),
      j: Math.max(i, j),
      order: Math.min(3, Math.max(n, prev?.order ?? 0)),
    });
  }
  const list = [...bonds.values()];
  if (list.length === 0) return undefined;
  return {
    count: list.length,
    from: Uint32Array.from(list, (b) => b.i),
    to: Uint32Array.from(list, (b) => b.j),
    order: Uint8Array.from(list, (b) => b.order),
  };
}
