/**
 * Bonds by proximity as RDKit's PDB reader makes them (ProximityBonds.cpp `ConnectTheDots`): atoms i, j are
 * bonded when 0.4 A <= d <= r_i + r_j + 0.45 A (RDKit covalent radii), never H-H, and never across residues when
 * either atom is a metal, noble gas or halogen or either residue is water (`IsBlacklistedPair`).
 */
import { CellList } from '../structure/cell-list.js';
import { ChemistryError } from './errors.js';
import { BondType, type BondList } from './mol-graph.js';
import { covalentRadius } from './periodic-table.js';

/** The residue identity of each atom, as RDKit's `SamePDBResidue` compares it (number, name, chain, insertion). */
export interface ResidueIdentity {
  /** Equal values mean the same residue. */
  readonly residueKey: Int32Array;
  /** 1 for atoms of residues named HOH. */
  readonly water: Uint8Array;
}

/** RDKit `IsBlacklistedAtom`: anything but B-O, Si-S, Ge-Se, Sb-Te (metals, noble gases, halogens). */
export function isBlacklistedElement(z: number): boolean {
  return !((z >= 5 && z <= 8) || (z >= 14 && z <= 16) || (z >= 32 && z <= 34) || (z >= 51 && z <= 52));
}

/** RDKit `IsBlacklistedPair`: atoms of different residues where one is a blacklisted element or a water. */
export function isBlacklistedPair(
  atomicNumber: Uint8Array,
  id: ResidueIdentity,
  i: number,
  j: number,
): boolean {
  if (id.residueKey[i] === id.residueKey[j]) return false;
  return (
    isBlacklistedElement(atomicNumber[i]!) ||
    isBlacklistedElement(atomicNumber[j]!) ||
    id.water[i] === 1 ||
    id.water[j] === 1
  );
}

/**
 * Most atoms allowed within bonding reach of one atom. Real matter holds a few dozen in the largest reach (3.8 A
 * around Cs); more means coincident or piled-up coordinates, refused so the search stays linear.
 */
export const MAX_ATOMS_IN_BONDING_REACH = 256;

/**
 * Add every proximity bond missing from `bonds` (as SINGLE), visiting atoms in file order as RDKit does.
 * Runs in O(n) time with a cell list; throws CHEM_CROWDED (naming the atom) when coordinates pile up.
 */
export function addProximityBonds(
  coords: Float32Array,
  atomicNumber: Uint8Array,
  id: ResidueIdentity,
  bonds: BondList,
): void {
  const n = atomicNumber.length;
  if (n === 0) return;
  const r = new Float64Array(n);
  let rmax = 0;
  for (let i = 0; i < n; i++) {
    r[i] = Math.fround(covalentRadius(atomicNumber[i]!));
    if (r[i]! > rmax) rmax = r[i]!;
  }
  const reach = 2 * rmax + 0.45;
  const cells = new CellList(coords, reach);
  const idx = new Uint32Array(n);
  const d2s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = coords[3 * i]!,
      y = coords[3 * i + 1]!,
      z = coords[3 * i + 2]!;
    const m = cells.collectWithin(x, y, z, reach, idx, d2s);
    if (m > MAX_ATOMS_IN_BONDING_REACH)
      throw new ChemistryError(
        'CHEM_CROWDED',
        `${m} atoms within ${reach.toFixed(2)} A of atom ${i}: coordinates pile up (at most ${MAX_ATOMS_IN_BONDING_REACH})`,
        i,
      );
    const found: number[] = [];
    for (let k = 0; k < m; k++) if (idx[k]! < i) found.push(idx[k]!);
    found.sort((a, b) => a - b);
    for (const j of found) {
      if (atomicNumber[i] === 1 && atomicNumber[j] === 1) continue;
      const dx = x - coords[3 * j]!,
        dy = y - coords[3 * j + 1]!,
        dz = z - coords[3 * j + 2]!;
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 < 0.16) continue;
      const lim = r[i]! + r[j]! + 0.45;
      if (d2 > lim * lim) continue;
      if (bonds.find(i, j) >= 0 || isBlacklistedPair(atomicNumber, id, i, j)) continue;
      bonds.add(i, j, BondType.SINGLE);
    }
  }
}
