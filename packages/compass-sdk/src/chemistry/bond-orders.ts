/**
 * Bond orders and formal charges for a molecule given as coordinates only (PDB, PDBQT ligands): connectivity is
 * known, orders are not. Hybridisation comes from geometry (angles, ring planarity, bond lengths) and from
 * AutoDock types where given ("A" aromatic carbon); hydrogens in the file fix heteroatom H counts (PDBQT keeps the
 * polar ones). Then triple bonds, S/P oxo groups and nitro groups are set, double bonds are matched over the atoms
 * that need one (Kekule search), and leftover charges follow from valence (NH3+, C=NH2+, O-).
 */
import { adjacency, BondType, type MolGraph } from './mol-graph.js';
import { Geometry, distance, geometryOf, ringPlaneDeviation } from './geometry-hybridisation.js';
import { findRings } from './rings.js';

/** What the file says about hydrogens: all present, only polar ones (on N and O, as PDBQT), or none. */
export type HydrogenKnowledge = 'all' | 'polar' | 'none';

/** A molecule with connectivity (all bonds SINGLE) and coordinates, hydrogens included when the file has them. */
export interface BondOrderInput {
  readonly graph: MolGraph;
  readonly coords: Float32Array;
  readonly hydrogens: HydrogenKnowledge;
  /** Atoms a file marks aromatic (AutoDock "A"), optional. */
  readonly aromatic?: Uint8Array;
}

/** Perceived bond types (Kekule) and formal charges, aligned with the input graph. */
export interface PerceivedOrders {
  readonly bondType: Uint8Array;
  readonly formalCharge: Int8Array;
}

// Largest ring-plane deviation (A) of a ring taken as sp2 (aromatic rings: < 0.05; puckered rings: > 0.2).
const PLANAR_RING = 0.12;

/** Perceive bond orders and charges. Connectivity is not changed. */
export function perceiveBondOrders(input: BondOrderInput): PerceivedOrders {
  const { graph: g, coords } = input;
  const n = g.atomCount;
  const adj = adjacency(g);
  const type = new Uint8Array(g.bondCount).fill(BondType.SINGLE);
  const charge = Int8Array.from(g.formalCharge);
  const z = g.atomicNumber;
  const heavyNbrs: number[][] = Array.from({ length: n }, () => []);
  const allNbrs: number[][] = Array.from({ length: n }, () => []);
  const hCount = new Uint8Array(n);
  const bondTo = new Map<number, number>();
  for (let a = 0; a < n; a++)
    for (let k = adj.start[a]!; k < adj.start[a + 1]!; k++) {
      const o = adj.other[k]!;
      allNbrs[a]!.push(o);
      if (z[o] === 1) hCount[a]!++;
      else heavyNbrs[a]!.push(o);
      bondTo.set(a * n + o, adj.bond[k]!);
    }
  const bond = (a: number, b: number) => bondTo.get(a * n + b)!;
  const hKnown = (a: number) =>
    input.hydrogens === 'all' || (input.hydrogens === 'polar' && (z[a] === 7 || z[a] === 8));
  const geom = new Uint8Array(n);
  for (let a = 0; a < n; a++) if (z[a] !== 1) geom[a] = geometryOf(coords, a, allNbrs[a]!);
  // Ring atoms of planar 5- and 6-rings are sp2 (5-ring angles look tetrahedral); so are AutoDock "A" atoms.
  const inPlanarRing = new Uint8Array(n);
  const rings = findRings(g, adj);
  for (const ring of rings.atomRings) {
    if (ring.length < 5 || ring.length > 7 || ring.some((a) => z[a] === 1)) continue;
    if (ring.some((a) => allNbrs[a]!.length > 3)) continue;
    if (ringPlaneDeviation(coords, ring) > PLANAR_RING) continue;
    // A flat ring with a single-bond-length C-C (indoline, fused lactams) is not aromatic.
    if (
      ring.some(
        (a, k) =>
          distance(coords, a, ring[(k + 1) % ring.length]!) >
          aromaticBondLength(z[a]!, z[ring[(k + 1) % ring.length]!]!),
      )
    )
      continue;
    for (const a of ring) {
      inPlanarRing[a] = 1;
      geom[a] = Geometry.SP2;
    }
  }
  for (let a = 0; a < n; a++) if (input.aromatic?.[a] && z[a] === 6) geom[a] = Geometry.SP2;
  if (input.hydrogens === 'all')
    for (let a = 0; a < n; a++)
      if (z[a] === 6) {
        const d = allNbrs[a]!.length;
        geom[a] = d >= 4 ? Geometry.SP3 : d === 3 ? Geometry.SP2 : d === 2 ? Geometry.SP : geom[a]!;
      }
  const done = new Uint8Array(n);
  setTripleBonds(z, coords, heavyNbrs, allNbrs, geom, type, done, bond);
  setOxoAndNitro(z, coords, heavyNbrs, hCount, hKnown, type, done, bond);
  const need = new Uint8Array(n);
  const mandatory = new Uint8Array(n);
  for (let a = 0; a < n; a++) {
    if (done[a] || z[a] === 1) continue;
    const heavy = heavyNbrs[a]!;
    const total = allNbrs[a]!.length;
    if (z[a] === 6 && geom[a] === Geometry.SP2) {
      need[a] = 1;
      // With AutoDock types, "A" says which carbons are aromatic; without, a flat ring of aromatic bond lengths.
      mandatory[a] = input.aromatic ? input.aromatic[a]! : inPlanarRing[a]!;
    } else if (z[a] === 6 && heavy.length === 1 && geom[a] === Geometry.UNKNOWN) {
      // Terminal carbon: =CH2 is short.
      need[a] = distance(coords, a, heavy[0]!) < 1.38 ? 1 : 0;
    } else if (z[a] === 7) {
      // A two-connected N without H is unsaturated whatever its angle (oxime C=N-O is 111 degrees).
      if (hKnown(a)) need[a] = total === 2 ? 1 : 0;
      else if (heavy.length === 2) need[a] = geom[a] !== Geometry.SP3 ? 1 : 0;
      else if (heavy.length === 1) need[a] = distance(coords, a, heavy[0]!) < 1.32 ? 1 : 0;
      // Two connections and no H (known): the N must have a double bond (or it is an anion the file would say).
      mandatory[a] = need[a] && hKnown(a) ? 1 : 0;
    } else if ((z[a] === 8 || z[a] === 16) && charge[a]! < 0) {
      // A charge from the file (PDB columns 79-80) is kept: O- and S- take no double bond.
      need[a] = 0;
    } else if (z[a] === 8 && heavy.length === 1) {
      need[a] = hKnown(a) ? (hCount[a] === 0 ? 1 : 0) : distance(coords, a, heavy[0]!) < 1.3 ? 1 : 0;
    } else if (z[a] === 16 && heavy.length === 1 && hCount[a] === 0) {
      need[a] = distance(coords, a, heavy[0]!) < 1.75 ? 1 : 0;
    }
  }
  const aromaticLike = Uint8Array.from(inPlanarRing, (v, a) => v || (input.aromatic?.[a] ?? 0));
  // A three-connected N of a flat ring may carry the ring's double bond as N+ (N-methylpyridinium); it is offered
  // only to ring systems that cannot pair otherwise.
  const rescue = Uint8Array.from(inPlanarRing, (v, a) =>
    v && z[a] === 7 && !need[a] && !done[a] && allNbrs[a]!.length === 3 && charge[a] === 0 ? 1 : 0,
  );
  matchDoubles(
    n,
    z,
    aromaticLike,
    rings.bondInRing,
    heavyNbrs,
    need,
    mandatory,
    rescue,
    coords,
    type,
    bond,
    done,
  );
  fixLeftovers(z, coords, heavyNbrs, allNbrs, hCount, hKnown, need, done, type, charge, bond);
  return { bondType: type, formalCharge: charge };
}

function setTripleBonds(
  z: Uint8Array,
  coords: Float32Array,
  heavyNbrs: readonly number[][],
  allNbrs: readonly number[][],
  geom: Uint8Array,
  type: Uint8Array,
  done: Uint8Array,
  bond: (a: number, b: number) => number,
): void {
  for (let a = 0; a < z.length; a++) {
    if (geom[a] !== Geometry.SP || done[a]) continue;
    for (const b of heavyNbrs[a]!) {
      if (done[b]) continue;
      const d = distance(coords, a, b);
      const terminal = allNbrs[b]!.length === 1;
      const limit = z[b] === 7 || z[a] === 7 ? 1.2 : 1.25;
      if ((geom[b] === Geometry.SP || terminal) && d < limit) {
        type[bond(a, b)] = BondType.TRIPLE;
        done[a] = done[b] = 1;
        break;
      }
    }
  }
}

// S/P oxo groups (sulfone, sulfonamide, phosphate) and nitro groups, set before the Kekule search.
function setOxoAndNitro(
  z: Uint8Array,
  coords: Float32Array,
  heavyNbrs: readonly number[][],
  hCount: Uint8Array,
  hKnown: (a: number) => boolean,
  type: Uint8Array,
  done: Uint8Array,
  bond: (a: number, b: number) => number,
): void {
  const terminalO = (a: number, b: number) =>
    (z[b] === 8 || z[b] === 16) && heavyNbrs[b]!.length === 1 && hCount[b] === 0 && b !== a;
  for (let a = 0; a < z.length; a++) {
    const heavy = heavyNbrs[a]!;
    let maxDoubles = 0;
    if (z[a] === 15 && heavy.length === 4) maxDoubles = 1;
    else if (z[a] === 16 && heavy.length === 4) maxDoubles = 2;
    else if (z[a] === 16 && heavy.length === 3) maxDoubles = 1;
    else if (z[a] === 7 && heavy.length === 3 && hCount[a] === 0) {
      const os = heavy.filter((b) => z[b] === 8 && terminalO(a, b));
      if (os.length === 2) {
        // RDKit's cleanUp turns N(=O)=O into [N+](=O)[O-].
        for (const b of os) {
          type[bond(a, b)] = BondType.DOUBLE;
          done[b] = 1;
        }
        done[a] = 1;
      }
      continue;
    }
    if (maxDoubles === 0) continue;
    const oxo = heavy
      .filter((b) => terminalO(a, b) && (hKnown(b) || distance(coords, a, b) < (z[a] === 15 ? 1.52 : 1.5)))
      .sort((p, q) => distance(coords, a, p) - distance(coords, a, q));
    for (const b of oxo.slice(0, maxDoubles)) {
      type[bond(a, b)] = BondType.DOUBLE;
      done[b] = 1;
    }
    done[a] = 1;
  }
}

// Longest bond (A) of an aromatic ring between these elements (C-C 1.39, C-N 1.34, C-S 1.72 typical).
function aromaticBondLength(a: number, b: number): number {
  return maxDoubleLength(a, b) + 0.05;
}

// Longest bond (A) that can be double: aromatic C-C 1.40 and C=C 1.34 pass, a C-C single between sp2 atoms
// (1.46-1.48) and any sp3 bond do not.
function maxDoubleLength(a: number, b: number): number {
  const pair = a < b ? `${a}-${b}` : `${b}-${a}`;
  switch (pair) {
    case '6-6':
      return 1.45;
    case '6-7':
      return 1.4;
    case '6-8':
    case '7-8':
      return 1.32;
    case '7-7':
      return 1.38;
    case '6-16':
      return 1.78;
    default:
      return 1.8;
  }
}

// Double bonds over atoms that need one: every mandatory atom matched, optional ones when possible, shortest
// bonds tried first; a system with no such assignment falls back to a greedy shortest-first one.
function matchDoubles(
  n: number,
  z: Uint8Array,
  aromatic: Uint8Array,
  ringBond: Uint8Array,
  heavyNbrs: readonly number[][],
  need: Uint8Array,
  mandatory: Uint8Array,
  rescue: Uint8Array,
  coords: Float32Array,
  type: Uint8Array,
  bond: (a: number, b: number) => number,
  done: Uint8Array,
): void {
  const cand: number[][] = Array.from({ length: n }, (_, a) =>
    need[a]
      ? heavyNbrs[a]! // A ring bond between two aromatic-looking atoms (AutoDock A, planar ring) may be long: poses can be
          // distorted.
          .filter(
            (b) =>
              need[b] &&
              ((aromatic[a] && aromatic[b] && ringBond[bond(a, b)]) ||
                distance(coords, a, b) <= maxDoubleLength(z[a]!, z[b]!)),
          )
          .sort((p, q) => distance(coords, a, p) - distance(coords, a, q))
      : [],
  );
  const partner = new Int32Array(n).fill(-1);
  const seen = new Uint8Array(n);
  for (let a0 = 0; a0 < n; a0++) {
    if (!need[a0] || seen[a0]) continue;
    const system = [a0];
    seen[a0] = 1;
    for (let k = 0; k < system.length; k++)
      for (const b of cand[system[k]!]!)
        if (!seen[b]) {
          seen[b] = 1;
          system.push(b);
        }
    // Exact search over the atoms that must get a double bond (most constrained first); the optional ones then
    // pair greedily, shortest bond first. Searching optional atoms too is exponential on large systems.
    let budget = 200000;
    const open = new Set(system.filter((a) => mandatory[a]));
    const solve = (): boolean => {
      if (open.size === 0) return true;
      if (--budget < 0) return false;
      let best = -1,
        bestFree = Infinity;
      for (const a of open) {
        let free = 0;
        for (const b of cand[a]!) if (partner[b]! < 0) free++;
        if (free === 0) return false;
        if (free < bestFree) {
          best = a;
          bestFree = free;
        }
      }
      const a = best;
      open.delete(a);
      for (const b of cand[a]!) {
        if (partner[b]! >= 0) continue;
        partner[a] = b;
        partner[b] = a;
        const wasOpen = open.delete(b);
        if (solve()) return true;
        if (wasOpen) open.add(b);
        partner[a] = partner[b] = -1;
      }
      open.add(a);
      return false;
    };
    let solved = solve();
    if (!solved) {
      for (const a of system) partner[a] = -1;
      // Retry with the flat-ring N atoms next to this system as partners (they become N+).
      const extra = new Set<number>();
      for (const a of system)
        for (const b of heavyNbrs[a]!)
          if (rescue[b] && partner[b]! < 0 && aromatic[a] && ringBond[bond(a, b)]) {
            cand[a]!.push(b);
            extra.add(b);
          }
      if (extra.size > 0) {
        budget = 200000;
        for (const a of system) if (mandatory[a]) open.add(a);
        solved = solve();
        if (!solved) for (const a of [...system, ...extra]) partner[a] = -1;
      }
    }
    const pairs = system
      .flatMap((a) => cand[a]!.filter((b) => b > a).map((b) => [a, b] as const))
      .sort((p, q) => distance(coords, p[0], p[1]) - distance(coords, q[0], q[1]));
    for (const [a, b] of pairs)
      if (partner[a]! < 0 && partner[b]! < 0) {
        partner[a] = b;
        partner[b] = a;
      }
  }
  for (let a = 0; a < n; a++)
    if (partner[a]! > a) {
      type[bond(a, partner[a]!)] = BondType.DOUBLE;
      done[a] = done[partner[a]!] = 1;
    }
}

function fixLeftovers(
  z: Uint8Array,
  coords: Float32Array,
  heavyNbrs: readonly number[][],
  allNbrs: readonly number[][],
  hCount: Uint8Array,
  hKnown: (a: number) => boolean,
  need: Uint8Array,
  done: Uint8Array,
  type: Uint8Array,
  charge: Int8Array,
  bond: (a: number, b: number) => number,
): void {
  // An sp2 C(N)(N) left without a partner is an amidinium or guanidinium: C=N+ to its best C-N.
  for (let a = 0; a < z.length; a++) {
    if (z[a] !== 6 || !need[a] || done[a] || heavyNbrs[a]!.length !== 3) continue;
    if (heavyNbrs[a]!.filter((b) => z[b] === 7).length < 2) continue;
    const ns = heavyNbrs[a]!.filter(
      (b) =>
        z[b] === 7 &&
        !done[b] &&
        distance(coords, a, b) < 1.37 &&
        allNbrs[b]!.length <= 3 &&
        (!hKnown(b) || allNbrs[b]!.length === 3),
    ).sort((p, q) => hCount[q]! - hCount[p]! || distance(coords, a, p) - distance(coords, a, q));
    const b = ns[0];
    if (b === undefined) continue;
    type[bond(a, b)] = BondType.DOUBLE;
    done[a] = done[b] = 1;
    charge[b] = 1;
  }
  for (let a = 0; a < z.length; a++) {
    if (!hKnown(a)) continue;
    let valence = hCount[a]!;
    for (const b of heavyNbrs[a]!) valence += type[bond(a, b)]!;
    if (z[a] === 7 && valence === 4 && charge[a] === 0) charge[a] = 1;
    if (z[a] === 8 && valence === 1 && heavyNbrs[a]!.length === 1 && charge[a] === 0) charge[a] = -1;
  }
}
