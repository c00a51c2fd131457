/**
 * The 5 A pocket as GIGN's `generate_pocket` cuts it with PyMOL 2.5: waters (resn HOH) and hydrogens removed,
 * whole residues with any atom within 5 A of a ligand heavy atom, in PyMOL's sorted atom order, with the formal
 * charges PyMOL assigns on load, and the CONECT records PyMOL writes for HETATM atoms: it keeps the input's
 * CONECT bonds (PyMOL does not bond a metal ion by distance: Zn is linked to His in 2fv5 because the input says so,
 * and not in pde2 whose input has only LINK records), except bonds to the ions PyMOL unbinds on load.
 */
import type { ConectLink, PdbMoleculeAtoms } from '../../chemistry/pdb-molecule.js';
import { CellList } from '../../structure/cell-list.js';
import type { PdbStructure } from '../../structure/pdb/schema.js';

/** Distance of the pocket cut (PyMOL `byres ligand around 5`). */
export const POCKET_CUTOFF = 5;

/** The pocket atoms (RDKit's view) plus, per atom, its index in the source structure. */
export interface Pocket {
  readonly atoms: PdbMoleculeAtoms;
  readonly conect: readonly ConectLink[];
  readonly sourceIndex: Uint32Array;
  readonly serial: Int32Array;
}

// Charges PyMOL puts on these atoms whatever the file says: residue -> atom -> charge.
const PYMOL_CHARGES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  ARG: { NH1: 1 },
  LYS: { NZ: 1 },
  ASP: { OD2: -1 },
  GLU: { OE2: -1 },
};

const GREEK = 'ABGDEZH';

// PyMOL's order within an ATOM residue: N, CA, C, O, then side chain by remoteness letter and name, OXT last.
function atomRank(name: string): number {
  switch (name) {
    case 'N':
      return 1;
    case 'CA':
      return 2;
    case 'C':
      return 3;
    case 'O':
      return 4;
    case 'OXT':
      return 99;
  }
  const bare = name.replace(/^[0-9]+/, '');
  const g = bare.length > 1 ? GREEK.indexOf(bare[1]!) : -1;
  return 10 + (g >= 0 ? g : 20);
}

/** Per protein, computed once: PyMOL residues (atoms grouped by chain, resSeq, iCode, resName) and a cell list. */
interface ProteinIndex {
  /** PyMOL residue of each atom; -1 for waters and hydrogens, which PyMOL removes first. */
  readonly residueOf: Int32Array;
  readonly residueAtoms: readonly (readonly number[])[];
  /** Kept (non-water heavy) atoms and their coordinates, for the distance search. */
  readonly kept: Uint32Array;
  readonly cells: CellList;
}

const INDEX = new WeakMap<PdbStructure, ProteinIndex>();

function proteinIndex(protein: PdbStructure): ProteinIndex {
  const cached = INDEX.get(protein);
  if (cached !== undefined) return cached;
  const a = protein.atoms;
  const residueOf = new Int32Array(a.count).fill(-1);
  const residueAtoms: number[][] = [];
  const byKey = new Map<string, number>();
  const kept: number[] = [];
  let lastRun = -1,
    lastId = -1;
  for (let i = 0; i < a.count; i++) {
    if (a.resName[i] === 'HOH' || a.atomicNumber[i] === 1) continue;
    // Parser residues are runs; a run continues one PyMOL residue unless its name changes.
    let id: number;
    if (a.residueIndex[i] === lastRun && a.resName[i] === a.resName[kept[kept.length - 1]!]) id = lastId;
    else {
      const key = `${a.chainID[i]}\u0000${a.resSeq[i]}\u0000${a.iCode[i]}\u0000${a.resName[i]}`;
      id = byKey.get(key) ?? -1;
      if (id < 0) {
        id = residueAtoms.length;
        byKey.set(key, id);
        residueAtoms.push([]);
      }
    }
    lastRun = a.residueIndex[i]!;
    lastId = id;
    residueOf[i] = id;
    residueAtoms[id]!.push(i);
    kept.push(i);
  }
  const coords = new Float32Array(3 * kept.length);
  kept.forEach((i, k) => coords.set(a.coords.subarray(3 * i, 3 * i + 3), 3 * k));
  const index = {
    residueOf,
    residueAtoms,
    kept: Uint32Array.from(kept),
    cells: new CellList(coords, POCKET_CUTOFF),
  };
  INDEX.set(protein, index);
  return index;
}

/**
 * Cut the pocket around `ligandHeavy` (x, y, z per ligand heavy atom). The protein's residue grouping and cell
 * list are built once per structure and reused for every pose docked into it.
 */
export function cutPocket(protein: PdbStructure, ligandHeavy: Float32Array): Pocket {
  const a = protein.atoms;
  const idx = proteinIndex(protein);
  const selected = new Uint8Array(idx.residueAtoms.length);
  const hit = new Uint32Array(Math.max(1, idx.kept.length));
  const hitD = new Float64Array(hit.length);
  for (let l = 0; l < ligandHeavy.length / 3; l++) {
    const n = idx.cells.collectWithin(
      ligandHeavy[3 * l]!,
      ligandHeavy[3 * l + 1]!,
      ligandHeavy[3 * l + 2]!,
      POCKET_CUTOFF,
      hit,
      hitD,
    );
    for (let k = 0; k < n; k++) selected[idx.residueOf[idx.kept[hit[k]!]!]!] = 1;
  }
  const chosen: number[] = [];
  selected.forEach((v, r) => v && chosen.push(r));
  const first = (r: number) => idx.residueAtoms[r]![0]!;
  chosen.sort((p, q) => {
    const i = first(p),
      j = first(q);
    if (a.chainID[i] !== a.chainID[j]) return a.chainID[i]! < a.chainID[j]! ? -1 : 1;
    if (a.resSeq[i] !== a.resSeq[j]) return a.resSeq[i]! - a.resSeq[j]!;
    if (a.iCode[i] !== a.iCode[j]) return a.iCode[i]! < a.iCode[j]! ? -1 : 1;
    return a.resName[i]! < a.resName[j]! ? -1 : a.resName[i]! > a.resName[j]! ? 1 : 0;
  });
  const order: number[] = [];
  const residueKey: number[] = [];
  chosen.forEach((r, ri) => {
    // PyMOL sorts the atoms of ATOM residues by name priority; HETATM groups (GOL, POP) keep the file's order.
    const sorted = [...idx.residueAtoms[r]!].sort((i, j) => {
      if (a.hetatm[i] && a.hetatm[j]) return i - j;
      const d = atomRank(a.name[i]!) - atomRank(a.name[j]!);
      if (d !== 0) return d;
      return a.name[i]! < a.name[j]! ? -1 : a.name[i]! > a.name[j]! ? 1 : i - j;
    });
    for (const i of sorted) {
      order.push(i);
      residueKey.push(ri);
    }
  });
  return pocketAtoms(protein, Uint32Array.from(order), Int32Array.from(residueKey));
}

function pocketAtoms(protein: PdbStructure, order: Uint32Array, residueKey: Int32Array): Pocket {
  const a = protein.atoms;
  const n = order.length;
  const coords = new Float32Array(3 * n);
  const atomicNumber = new Uint8Array(n);
  const formalCharge = new Int8Array(n);
  const hetatm = new Uint8Array(n);
  const serial = new Int32Array(n);
  const name: string[] = [];
  const resName: string[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    coords[3 * k] = a.coords[3 * i]!;
    coords[3 * k + 1] = a.coords[3 * i + 1]!;
    coords[3 * k + 2] = a.coords[3 * i + 2]!;
    atomicNumber[k] = a.atomicNumber[i]!;
    hetatm[k] = a.hetatm[i]!;
    serial[k] = a.serial[i]!;
    name.push(a.name[i]!);
    resName.push(a.resName[i]!);
    const pymol = a.name[i] === 'OXT' ? -1 : PYMOL_CHARGES[a.resName[i]!]?.[a.name[i]!];
    formalCharge[k] = pymol ?? a.charge[i]!;
  }
  const atoms: PdbMoleculeAtoms = {
    count: n,
    atomicNumber,
    formalCharge,
    coords,
    name,
    resName,
    hetatm,
    residueKey,
    water: new Uint8Array(n),
  };
  return { atoms, conect: hetatmConect(protein, order), sourceIndex: order, serial };
}

/**
 * Ions whose input CONECT bonds PyMOL 2.5 drops (found by swapping the Zn of 2fv5 for 56 elements: only these six
 * lose their bonds; Zn, Fe, Cu, Co, Ni, Cd, Hg and the rest keep them).
 */
export const PYMOL_UNBONDED_IONS: ReadonlySet<number> = new Set([11, 12, 19, 20, 25, 38]);

// The input CONECT bonds PyMOL writes back: those with a HETATM end, between atoms of the pocket, each once
// (PyMOL drops the bond orders of repeated CONECT entries: the P=O of pfkfb3's POP comes back single).
function hetatmConect(protein: PdbStructure, order: Uint32Array): ConectLink[] {
  const records = protein.conect;
  if (records === undefined) return [];
  const a = protein.atoms;
  const bySerial = new Map<number, number>();
  order.forEach((src, k) => bySerial.set(a.serial[src]!, k));
  const links = new Map<string, ConectLink>();
  for (const rec of records) {
    const i = bySerial.get(rec[0]!);
    if (i === undefined) continue;
    for (const s of rec.slice(1)) {
      const j = bySerial.get(s);
      if (j === undefined || j === i || !(a.hetatm[order[i]!] || a.hetatm[order[j]!])) continue;
      if (
        PYMOL_UNBONDED_IONS.has(a.atomicNumber[order[i]!]!) ||
        PYMOL_UNBONDED_IONS.has(a.atomicNumber[order[j]!]!)
      )
        continue;
      const key = i < j ? `${i}-${j}` : `${j}-${i}`;
      if (!links.has(key)) links.set(key, { i: Math.min(i, j), j: Math.max(i, j), order: 1 });
    }
  }
  return [...links.values()];
}
