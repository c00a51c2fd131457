/** Conjugation and hybridisation as RDKit 2022.09's ConjugHybrid.cpp assigns them. */
import { valenceContribution } from './mol-graph.js';
import { outerElectrons } from './periodic-table.js';
import { countAtomElectrons } from './aromaticity.js';
import { degree, totalHs, type PerceptionState } from './perception-state.js';
import { zeroBondCount } from './valence.js';

/** RDKit's hybridisation names, as GIGN one-hot encodes them. */
export const Hybridisation = {
  UNSPECIFIED: 0,
  S: 1,
  SP: 2,
  SP2: 3,
  SP3: 4,
  SP3D: 5,
  SP3D2: 6,
} as const;
/** One of {@link Hybridisation}'s values. */
export type Hybridisation = (typeof Hybridisation)[keyof typeof Hybridisation];

/** The name of a hybridisation code ("SP3"). */
export function hybridisationName(h: number): string {
  return Object.entries(Hybridisation).find(([, v]) => v === h)?.[0] ?? 'UNSPECIFIED';
}

function isConjugationCandidate(s: PerceptionState, a: number): boolean {
  const z = s.g.atomicNumber[a]!;
  const nouter = outerElectrons(z);
  // Beyond the second row only atoms outside groups 15/16 (or terminal group-16 atoms) conjugate (RDKit Issue211).
  const rowOk =
    z <= 10 || (nouter !== 5 && nouter !== 6) || (nouter === 6 && degree(s, a) + totalHs(s, a) < 2);
  return rowOk && countAtomElectrons(s, a) > 0;
}

/** Mark conjugated bonds: aromatic ones, and pairs around an atom with a multiple bond next to a candidate. */
export function perceiveConjugation(s: PerceptionState): void {
  for (let b = 0; b < s.g.bondCount; b++) s.conjugated[b] = s.bondAromatic[b]!;
  for (let a = 0; a < s.g.atomCount; a++) {
    if (!isConjugationCandidate(s, a)) continue;
    const sbo = degree(s, a) + totalHs(s, a);
    if (sbo < 2 || sbo > 3) continue;
    for (let k = s.adj.start[a]!; k < s.adj.start[a + 1]!; k++) {
      const b1 = s.adj.bond[k]!;
      if (valenceContribution(s.bondType[b1]!) < 1.5) continue;
      for (let m = s.adj.start[a]!; m < s.adj.start[a + 1]!; m++) {
        if (m === k) continue;
        const at2 = s.adj.other[m]!;
        if (degree(s, at2) + totalHs(s, at2) > 3) continue;
        if (isConjugationCandidate(s, at2)) {
          s.conjugated[b1] = 1;
          s.conjugated[s.adj.bond[m]!] = 1;
        }
      }
    }
  }
}

function bondsPlusLonePairs(s: PerceptionState, a: number): number {
  const deg = degree(s, a) + totalHs(s, a) - zeroBondCount(s, a);
  const z = s.g.atomicNumber[a]!;
  if (z <= 1) return deg;
  const nouter = outerElectrons(z);
  const tv = s.ev[a]! + s.iv[a]!;
  const chg = s.g.formalCharge[a]!;
  return deg + Math.trunc((nouter - (tv + chg)) / 2);
}

function hasConjugatedBond(s: PerceptionState, a: number): boolean {
  for (let k = s.adj.start[a]!; k < s.adj.start[a + 1]!; k++) if (s.conjugated[s.adj.bond[k]!]) return true;
  return false;
}

/** Hybridisation per atom (RDKit `setHybridization`, before chiral tags exist, as the PDB reader runs it). */
export function perceiveHybridisation(s: PerceptionState, out: Uint8Array): void {
  for (let a = 0; a < s.g.atomCount; a++) {
    const z = s.g.atomicNumber[a]!;
    if (z === 0) {
      out[a] = Hybridisation.UNSPECIFIED;
      continue;
    }
    const totalDegree = degree(s, a) + totalHs(s, a);
    const norbs = z < 89 ? bondsPlusLonePairs(s, a) : totalDegree;
    out[a] = hybridisationOf(norbs, totalDegree > 3 || !hasConjugatedBond(s, a));
  }
}

function hybridisationOf(norbs: number, tetrahedral: boolean): Hybridisation {
  switch (norbs) {
    case 0:
    case 1:
      return Hybridisation.S;
    case 2:
      return Hybridisation.SP;
    case 3:
      return Hybridisation.SP2;
    case 4:
      // An sp3-looking atom next to a conjugated bond (the second O of O=CO) is sp2 (RDKit Issue276).
      return tetrahedral ? Hybridisation.SP3 : Hybridisation.SP2;
    case 5:
      return Hybridisation.SP3D;
    case 6:
      return Hybridisation.SP3D2;
    default:
      return Hybridisation.UNSPECIFIED;
  }
}
