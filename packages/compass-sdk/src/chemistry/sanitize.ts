/**
 * Sanitisation as RDKit 2022.09's `sanitizeMol` runs it on a molecule read from PDB: valences from the Kekule
 * bonds, rings, aromaticity (default model), conjugation, hybridisation, then `adjustHs`, which moves the H an
 * aromatic atom no longer takes implicitly into an explicit count.
 */
import { perceiveAromaticity } from './aromaticity.js';
import { perceiveConjugation, perceiveHybridisation } from './hybridisation.js';
import { adjacency, BondType, type Adjacency, type MolGraph } from './mol-graph.js';
import type { PerceptionState } from './perception-state.js';
import { findRings, type RingSet } from './rings.js';
import { explicitValence, implicitValence } from './valence.js';

/** What sanitisation yields per atom and bond: the inputs of atom featurisers such as GIGN's. */
export interface SanitizedMol {
  readonly graph: MolGraph;
  readonly adjacency: Adjacency;
  readonly rings: RingSet;
  /** Bonds per atom, ZERO bonds included (`GetDegree`). */
  readonly degree: Uint8Array;
  /** `GetImplicitValence` after `adjustHs`. */
  readonly implicitValence: Uint8Array;
  /** `GetTotalNumHs`. */
  readonly totalHs: Uint8Array;
  /** {@link Hybridisation} code per atom. */
  readonly hybridisation: Uint8Array;
  readonly aromatic: Uint8Array;
  /** Bond types after aromaticity perception (Kekule bonds of aromatic rings become AROMATIC). */
  readonly bondType: Uint8Array;
  readonly conjugated: Uint8Array;
}

/**
 * Sanitise a Kekule molecule (no aromatic bonds in the input) the way RDKit does; throws a ChemistryError naming
 * the atom where RDKit would refuse the molecule.
 */
export function sanitize(input: MolGraph): SanitizedMol {
  const g = cleanUp(input);
  const n = g.atomCount;
  const adj = adjacency(g);
  const s: PerceptionState = {
    g,
    adj,
    rings: findRings(g, adj),
    bondType: g.bondType.slice(),
    aromatic: new Uint8Array(n),
    explicitHs: new Uint8Array(n),
    ev: new Int32Array(n),
    iv: new Int32Array(n),
    bondAromatic: new Uint8Array(g.bondCount),
    conjugated: new Uint8Array(g.bondCount),
  };
  for (let a = 0; a < n; a++) {
    s.ev[a] = explicitValence(s, a, true);
    s.iv[a] = implicitValence(s, a, s.ev[a]!, true);
  }
  perceiveAromaticity(s);
  perceiveConjugation(s);
  const hybridisation = new Uint8Array(n);
  perceiveHybridisation(s, hybridisation);
  adjustHs(s);
  const degree = new Uint8Array(n);
  const totalHs = new Uint8Array(n);
  for (let a = 0; a < n; a++) {
    degree[a] = adj.start[a + 1]! - adj.start[a]!;
    totalHs[a] = s.explicitHs[a]! + s.iv[a]!;
  }
  return {
    graph: g,
    adjacency: adj,
    rings: s.rings,
    degree,
    implicitValence: Uint8Array.from(s.iv),
    totalHs,
    hybridisation,
    aromatic: s.aromatic,
    bondType: s.bondType,
    conjugated: s.conjugated,
  };
}

// RDKit `MolOps::cleanUp`: a neutral five-valent nitro N(=O)=O becomes [N+](=O)[O-] (on a copy).
function cleanUp(g: MolGraph): MolGraph {
  const adj = adjacency(g);
  let out: MolGraph | undefined;
  for (let a = 0; a < g.atomCount; a++) {
    if (g.atomicNumber[a] !== 7 || g.formalCharge[a] !== 0) continue;
    let valence = 0;
    const doubleO: number[] = [];
    for (let k = adj.start[a]!; k < adj.start[a + 1]!; k++) {
      const b = adj.bond[k]!,
        o = adj.other[k]!;
      valence += g.bondType[b] === BondType.AROMATIC ? 1.5 : g.bondType[b]!;
      if (g.bondType[b] === BondType.DOUBLE && g.atomicNumber[o] === 8 && g.formalCharge[o] === 0)
        doubleO.push(k);
    }
    if (valence !== 5 || doubleO.length < 2) continue;
    out ??= { ...g, formalCharge: g.formalCharge.slice(), bondType: g.bondType.slice() };
    const k = doubleO[0]!;
    (out.bondType as Uint8Array)[adj.bond[k]!] = BondType.SINGLE;
    (out.formalCharge as Int8Array)[adj.other[k]!] = -1;
    (out.formalCharge as Int8Array)[a] = 1;
  }
  return out ?? g;
}

// RDKit `adjustHs`: recompute valences with aromatic flags; implicit H an atom lost become explicit H.
function adjustHs(s: PerceptionState): void {
  for (let a = 0; a < s.g.atomCount; a++) {
    const orig = s.iv[a]!;
    const ev = explicitValence(s, a, false);
    const iv = implicitValence(s, a, ev, false);
    if (iv < orig) s.explicitHs[a]! += orig - iv;
    s.iv[a] = iv;
    s.ev[a] = explicitValence(s, a, false);
  }
}
