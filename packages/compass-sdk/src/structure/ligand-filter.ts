/** Ligand record filters: keep a subset of atoms with bonds remapped (hydrogen removal, coincident atoms). */
import { CellList } from './cell-list.js';
import type { LigandRecord } from './formats.js';
import type { MoleculeAtoms } from './molecule.js';

/** The record restricted to atoms where `keep[i]` is 1, bonds between kept atoms renumbered. */
export function ligandSubset(l: LigandRecord, keep: Uint8Array): LigandRecord {
  const a = l.atoms;
  const newIndex = new Int32Array(a.count).fill(-1);
  const kept: number[] = [];
  for (let i = 0; i < a.count; i++)
    if (keep[i]) {
      newIndex[i] = kept.length;
      kept.push(i);
    }
  if (kept.length === a.count) return l;
  const coords = new Float32Array(kept.length * 3);
  kept.forEach((i, k) => coords.set(a.coords.subarray(3 * i, 3 * i + 3), 3 * k));
  const atoms: MoleculeAtoms = {
    count: kept.length,
    coords,
    element: kept.map((i) => a.element[i]!),
    atomicNumber: Uint8Array.from(kept, (i) => a.atomicNumber[i]!),
    formalCharge: Int8Array.from(kept, (i) => a.formalCharge[i]!),
  };
  const bf: number[] = [];
  const bt: number[] = [];
  const bo: number[] = [];
  for (let b = 0; b < l.bonds.count; b++) {
    const f = newIndex[l.bonds.from[b]!]!;
    const t = newIndex[l.bonds.to[b]!]!;
    if (f >= 0 && t >= 0) {
      bf.push(f);
      bt.push(t);
      bo.push(l.bonds.order[b]!);
    }
  }
  return {
    ...l,
    atoms,
    bonds: {
      count: bf.length,
      from: Uint32Array.from(bf),
      to: Uint32Array.from(bt),
      order: Uint8Array.from(bo),
    },
  };
}

/** Drop hydrogens from a ligand record, remapping its bonds. */
export function ligandWithoutHydrogens(l: LigandRecord): LigandRecord {
  return ligandSubset(
    l,
    Uint8Array.from(l.atoms.atomicNumber, (z) => (z === 1 ? 0 : 1)),
  );
}

/** Drop ligand atoms within `distance` of an earlier ligand atom (a duplicated record would give 0/0 unit vectors). */
export function dedupeLigand(l: LigandRecord, distance: number): { ligand: LigandRecord; dropped: number } {
  const c = l.atoms.coords;
  const grid = new CellList(c, Math.max(distance, 0.5));
  const keep = new Uint8Array(l.atoms.count).fill(1);
  let dropped = 0;
  for (let i = 0; i < l.atoms.count; i++) {
    if (!keep[i]) continue;
    grid.forEachWithin(c[3 * i]!, c[3 * i + 1]!, c[3 * i + 2]!, distance, (j) => {
      if (j > i && keep[j]) {
        keep[j] = 0;
        dropped++;
      }
    });
  }
  return { ligand: dropped === 0 ? l : ligandSubset(l, keep), dropped };
}
