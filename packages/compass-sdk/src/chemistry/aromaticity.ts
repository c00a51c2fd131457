/** RDKit 2022.09's default aromaticity model (`MolOps::setAromaticity`, AROMATICITY_RDKIT), step for step. */
import { BondType, valenceContribution } from './mol-graph.js';
import { defaultValence, moreElectronegative, outerElectrons } from './periodic-table.js';
import { degree, totalHs, type PerceptionState } from './perception-state.js';
import { zeroBondCount } from './valence.js';

const enum Donor {
  Vacant,
  One,
  Two,
  OneOrTwo,
  Any,
  None,
}

// Largest ring that takes part in fused-ring aromaticity (a bit above a porphyrin's outer ring).
const MAX_FUSED_RING_SIZE = 24;
// Most rings combined into one Huckel test.
const MAX_FUSED_RINGS = 6;

/** Electrons atom a can give to a pi system (RDKit `MolOps::countAtomElec`); -1 when it cannot take part. */
export function countAtomElectrons(s: PerceptionState, a: number): number {
  const z = s.g.atomicNumber[a]!;
  const dv = defaultValence(z);
  if (dv <= 1) return -1;
  const deg = degree(s, a) + totalHs(s, a) - zeroBondCount(s, a);
  if (deg > 3) return -1;
  const nlp = Math.max(outerElectrons(z) - dv - s.g.formalCharge[a]!, 0);
  let res = dv - deg + nlp;
  if (res > 1 && s.ev[a]! - degree(s, a) > 1) res = 1;
  return res;
}

// The first acyclic bond of order >= 2 at atom a: its far atom, or -1.
function nonCyclicMultipleBondPartner(s: PerceptionState, a: number): number {
  for (let k = s.adj.start[a]!; k < s.adj.start[a + 1]!; k++) {
    const b = s.adj.bond[k]!;
    if (!s.rings.bondInRing[b] && valenceContribution(s.bondType[b]!) >= 2) return s.adj.other[k]!;
  }
  return -1;
}

function hasCyclicMultipleBond(s: PerceptionState, a: number): boolean {
  for (let k = s.adj.start[a]!; k < s.adj.start[a + 1]!; k++) {
    const b = s.adj.bond[k]!;
    if (s.rings.bondInRing[b] && valenceContribution(s.bondType[b]!) >= 2) return true;
  }
  return false;
}

function hasMultipleBond(s: PerceptionState, a: number): boolean {
  return s.ev[a] !== degree(s, a) + s.explicitHs[a]! - zeroBondCount(s, a);
}

function donorType(s: PerceptionState, a: number): Donor {
  const z = s.g.atomicNumber[a]!;
  if (z === 0) return Donor.Any;
  let nelec = countAtomElectrons(s, a);
  if (nelec < 0) return Donor.None;
  const who = nonCyclicMultipleBondPartner(s, a);
  if (nelec === 0) {
    if (who >= 0) return Donor.Vacant;
    return hasCyclicMultipleBond(s, a) ? Donor.One : Donor.None;
  }
  if (nelec === 1) {
    if (who >= 0) return moreElectronegative(s.g.atomicNumber[who]!, z) ? Donor.Vacant : Donor.One;
    if (hasMultipleBond(s, a)) return Donor.One;
    return s.g.formalCharge[a] === 1 ? Donor.Vacant : Donor.None;
  }
  if (who >= 0 && moreElectronegative(s.g.atomicNumber[who]!, z)) nelec--;
  return nelec % 2 === 1 ? Donor.One : Donor.Two;
}

function isCandidate(s: PerceptionState, a: number, edon: Donor): boolean {
  const z = s.g.atomicNumber[a]!;
  if (z > 18 && z !== 34 && z !== 52) return false;
  if (edon === Donor.None) return false;
  const dv = defaultValence(z);
  const ez = z - s.g.formalCharge[a]!;
  if (dv > 0 && s.ev[a]! + s.iv[a]! > (ez >= 0 ? defaultValence(ez) : -1)) return false;
  if (s.ev[a]! - degree(s, a) > 1) {
    let mult = 0;
    for (let k = s.adj.start[a]!; k < s.adj.start[a + 1]!; k++) {
      const t = s.bondType[s.adj.bond[k]!];
      if (t === BondType.DOUBLE || t === BondType.TRIPLE) mult++;
    }
    if (mult > 1) return false;
  }
  return true;
}

function electronRange(d: Donor): [number, number] {
  switch (d) {
    case Donor.Any:
      return [0, 2];
    case Donor.OneOrTwo:
      return [1, 2];
    case Donor.One:
      return [1, 1];
    case Donor.Two:
      return [2, 2];
    default:
      return [0, 0];
  }
}

function huckel(atoms: Iterable<number>, edon: readonly Donor[]): boolean {
  let lo = 0,
    hi = 0;
  for (const a of atoms) {
    const [l, h] = electronRange(edon[a]!);
    lo += l;
    hi += h;
  }
  if (hi >= 6) {
    for (let e = lo; e <= hi; e++) if ((e - 2) % 4 === 0) return true;
    return false;
  }
  return hi === 2;
}

/** Set aromatic atoms and bonds (bond types become AROMATIC) in place; returns the number of aromatic rings. */
export function perceiveAromaticity(s: PerceptionState): number {
  const n = s.g.atomCount;
  const edon: Donor[] = new Array<Donor>(n).fill(Donor.None);
  const seen = new Uint8Array(n);
  const cand = new Uint8Array(n);
  const cAtoms: (readonly number[])[] = [];
  const cBonds: (readonly number[])[] = [];
  s.rings.atomRings.forEach((ring, r) => {
    let all = true;
    for (const a of ring) {
      if (seen[a]) {
        if (!cand[a]) all = false;
        continue;
      }
      seen[a] = 1;
      edon[a] = donorType(s, a);
      cand[a] = isCandidate(s, a, edon[a]) ? 1 : 0;
      if (!cand[a]) all = false;
    }
    if (all) {
      cAtoms.push(ring);
      cBonds.push(s.rings.bondRings[r]!);
    }
  });
  const nr = cAtoms.length;
  // Rings are neighbours when they share a bond (only rings up to MAX_FUSED_RING_SIZE).
  const neigh: number[][] = cAtoms.map(() => []);
  for (let i = 0; i < nr; i++) {
    if (cAtoms[i]!.length > MAX_FUSED_RING_SIZE) continue;
    const bi = new Set(cBonds[i]);
    for (let j = i + 1; j < nr; j++) {
      if (cAtoms[j]!.length > MAX_FUSED_RING_SIZE) continue;
      if (cBonds[j]!.some((b) => bi.has(b))) {
        neigh[i]!.push(j);
        neigh[j]!.push(i);
      }
    }
  }
  const allCandAtoms = new Set<number>();
  for (const r of cAtoms) for (const a of r) allCandAtoms.add(a);
  const done = new Uint8Array(nr);
  const doneAtoms = new Set<number>();
  let narom = 0;
  for (let start = 0; start < nr; start++) {
    if (done[start]) continue;
    const fused = pickFused(start, neigh, done);
    narom += huckelFused(s, fused, cAtoms, cBonds, neigh, edon, allCandAtoms, doneAtoms);
  }
  return narom;
}

function pickFused(start: number, neigh: readonly number[][], done: Uint8Array): number[] {
  const out: number[] = [];
  const visit = (r: number): void => {
    done[r] = 1;
    out.push(r);
    for (const m of neigh[r]!) if (!done[m]) visit(m);
  };
  visit(start);
  return out;
}

function connected(ids: readonly number[], neigh: readonly number[][]): boolean {
  const inSet = new Set(ids);
  const seen = new Set<number>([ids[0]!]);
  const stack = [ids[0]!];
  while (stack.length > 0) {
    const r = stack.pop()!;
    for (const m of neigh[r]!)
      if (inSet.has(m) && !seen.has(m)) {
        seen.add(m);
        stack.push(m);
      }
  }
  return seen.size === ids.length;
}

// Huckel on every connected combination of 1..6 rings of one fused system, smallest combinations first.
function huckelFused(
  s: PerceptionState,
  fused: readonly number[],
  cAtoms: readonly (readonly number[])[],
  cBonds: readonly (readonly number[])[],
  neigh: readonly number[][],
  edon: readonly Donor[],
  allCandAtoms: ReadonlySet<number>,
  doneAtoms: Set<number>,
): number {
  const aromRings = new Set<number>();
  const nrings = fused.length;
  for (let size = 1; size <= Math.min(nrings, MAX_FUSED_RINGS); size++) {
    if (doneAtoms.size === allCandAtoms.size) break;
    const comb = Array.from({ length: size }, (_, i) => i);
    for (;;) {
      const ids = comb.map((i) => fused[i]!);
      if (size === 1 || connected(ids, neigh)) {
        const union = new Set<number>();
        for (const r of ids) for (const a of cAtoms[r]!) union.add(a);
        if (huckel(union, edon)) {
          markAromatic(s, ids, cAtoms, cBonds, doneAtoms);
          for (const r of ids) aromRings.add(r);
        }
      }
      // Next combination in lexicographic order.
      let i = size - 1;
      while (i >= 0 && comb[i] === nrings - size + i) i--;
      if (i < 0) break;
      comb[i]!++;
      for (let j = i + 1; j < size; j++) comb[j] = comb[j - 1]! + 1;
    }
  }
  return aromRings.size;
}

// Atoms of the rings become aromatic; of their bonds only those in one ring of the combination (not fusion bonds).
function markAromatic(
  s: PerceptionState,
  ids: readonly number[],
  cAtoms: readonly (readonly number[])[],
  cBonds: readonly (readonly number[])[],
  doneAtoms: Set<number>,
): void {
  const count = new Map<number, number>();
  for (const r of ids) {
    for (const a of cAtoms[r]!) {
      s.aromatic[a] = 1;
      doneAtoms.add(a);
    }
    for (const b of cBonds[r]!) count.set(b, (count.get(b) ?? 0) + 1);
  }
  for (const [b, c] of count) {
    if (c !== 1) continue;
    s.bondAromatic[b] = 1;
    const t = s.bondType[b];
    if (t === BondType.SINGLE || t === BondType.DOUBLE) s.bondType[b] = BondType.AROMATIC;
  }
}
