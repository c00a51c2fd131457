/** Vina's distance rule for covalent bonds (model::assign_bonds): covalent radii, a 1.1 allowance, no atom between. */
import { ScoringError } from '../errors.js';
import { COORDINATE_LIMIT, coordinateProblem } from '../../structure/coordinate-limit.js';

/** Covalent radii (Angstrom) Vina uses, keyed by element symbol (atom_constants.h, covalent radius column). */
export const COVALENT_RADIUS: Readonly<Record<string, number>> = Object.freeze({
  H: 0.37, C: 0.77, N: 0.75, O: 0.73, P: 1.06, S: 1.02, F: 0.71, I: 1.33, Cl: 0.99, Br: 1.14,
  Si: 1.11, At: 1.44, B: 0.84, Se: 1.02, Mg: 1.3, Mn: 1.39, Zn: 1.31, Ca: 1.74, Fe: 1.25,
}); // prettier-ignore

/** Radius Vina gives metals that are not AutoDock types (metal_covalent_radius). */
export const METAL_COVALENT_RADIUS = 1.75;

/** The largest radius in Vina's table (Ca); it bounds the search for bond partners. */
export const MAX_COVALENT_RADIUS = 1.74;

const ALLOWANCE = 1.1;

/**
 * Most atoms one perception cell (a 3.84 A cube, about 57 A^3) may hold. Matter has about 0.2 atoms per A^3, so a
 * real structure puts about 11 atoms there; more than this means coincident or stacked copies, for which Vina's
 * "no atom between" rule costs O(n^3). Such input is refused, which bounds the work to O(n).
 */
export const MAX_ATOMS_PER_PERCEPTION_CELL = 64;

/** Most bond candidates one atom may have within its search radius (a real atom has at most a few dozen). */
export const MAX_BOND_CANDIDATES = 128;

// Cell keys: the coordinate limit keeps cell indices within +-2^15, so three 16-bit fields fit in 2^48 exactly.
const KEY_OFFSET = 1 << 15;
const KEY_BASE = 1 << 16;

/** How two atoms may move relative to each other, as in Vina's mobility matrix. */
export const Mobility = { FIXED: 0, ROTOR: 1, VARIABLE: 2 } as const;

/** Relative mobility of atoms i and j (i !== j). */
export type MobilityFn = (i: number, j: number) => number;

/** Bonds as parallel arrays of atom indices, with Vina's rotatable flag (bond across a torsion-tree branch). */
export interface PerceivedBonds {
  readonly a: Uint32Array;
  readonly b: Uint32Array;
  readonly rotatable: Uint8Array;
}

/**
 * Perceive bonds exactly as Vina does: atoms i < j (not VARIABLE relative to each other) are bonded when
 * r < 1.1 (R_i + R_j) and no third atom c, immobile relative to both and within i's search radius, is closer to
 * both i and j than they are to each other. `radius[i]` is the covalent radius, `searchRadius[i]` the one Vina
 * uses to collect candidates (equal except for non-AutoDock metals).
 *
 * Work and memory are O(n) whatever the coordinates: cells are hashed on integer keys, and input no real molecule
 * can have (a coordinate beyond {@link COORDINATE_LIMIT}, atoms piled at one point) is refused.
 *
 * @throws {ScoringError} SCORING_BAD_COORDINATE for a non-finite or out-of-range coordinate; SCORING_BAD_INPUT
 *   (`details.reason: 'crowded'`) when more than {@link MAX_ATOMS_PER_PERCEPTION_CELL} atoms share a cell or an
 *   atom has more than {@link MAX_BOND_CANDIDATES} candidates.
 */
export function perceiveBonds(
  coords: Float64Array,
  radius: Float64Array,
  searchRadius: Float64Array = radius,
  mobility?: MobilityFn,
): PerceivedBonds {
  const n = radius.length;
  const cell = ALLOWANCE * (2 * MAX_COVALENT_RADIUS) + 0.01;
  checkCoordinates(coords, n);
  const buckets = new Map<number, number[]>();
  const key = (x: number, y: number, z: number): number =>
    ((x + KEY_OFFSET) * KEY_BASE + (y + KEY_OFFSET)) * KEY_BASE + (z + KEY_OFFSET);
  for (let i = 0; i < n; i++) {
    const k = key(
      Math.floor(coords[3 * i]! / cell),
      Math.floor(coords[3 * i + 1]! / cell),
      Math.floor(coords[3 * i + 2]! / cell),
    );
    const list = buckets.get(k);
    if (!list) buckets.set(k, [i]);
    else if (list.push(i) > MAX_ATOMS_PER_PERCEPTION_CELL)
      crowded(i, coords, `more than ${MAX_ATOMS_PER_PERCEPTION_CELL} atoms in one ${cell.toFixed(2)} A cell`);
  }
  const d2 = (i: number, j: number): number => {
    const dx = coords[3 * i]! - coords[3 * j]!;
    const dy = coords[3 * i + 1]! - coords[3 * j + 1]!;
    const dz = coords[3 * i + 2]! - coords[3 * j + 2]!;
    return dx * dx + dy * dy + dz * dz;
  };
  const mob = mobility ?? ((): number => Mobility.FIXED);
  const outA: number[] = [];
  const outB: number[] = [];
  const outRot: number[] = [];
  const relevant: number[] = [];
  for (let i = 0; i < n; i++) {
    relevant.length = 0;
    const reach = ALLOWANCE * (searchRadius[i]! + MAX_COVALENT_RADIUS);
    const reach2 = reach * reach;
    const cx = Math.floor(coords[3 * i]! / cell);
    const cy = Math.floor(coords[3 * i + 1]! / cell);
    const cz = Math.floor(coords[3 * i + 2]! / cell);
    const span = Math.ceil(reach / cell);
    for (let x = cx - span; x <= cx + span; x++)
      for (let y = cy - span; y <= cy + span; y++)
        for (let z = cz - span; z <= cz + span; z++) {
          const list = buckets.get(key(x, y, z));
          if (!list) continue;
          for (const j of list) {
            if (j !== i && mob(i, j) !== Mobility.VARIABLE && d2(i, j) < reach2) {
              if (relevant.push(j) > MAX_BOND_CANDIDATES)
                crowded(i, coords, `more than ${MAX_BOND_CANDIDATES} atoms within ${reach.toFixed(2)} A`);
            }
          }
        }
    relevant.sort((p, q) => p - q); // bonds come out ordered by (i, j) whatever the cell order
    for (const j of relevant) {
      if (j <= i) continue;
      const r2 = d2(i, j);
      const len = ALLOWANCE * (radius[i]! + radius[j]!);
      if (r2 >= len * len) continue;
      let between = false;
      for (const c of relevant) {
        if (c === j) continue;
        if (mob(i, c) === Mobility.VARIABLE || mob(j, c) === Mobility.VARIABLE) continue;
        if (d2(i, c) < r2 && d2(j, c) < r2) {
          between = true;
          break;
        }
      }
      if (between) continue;
      outA.push(i);
      outB.push(j);
      outRot.push(mob(i, j) === Mobility.ROTOR ? 1 : 0);
    }
  }
  return { a: Uint32Array.from(outA), b: Uint32Array.from(outB), rotatable: Uint8Array.from(outRot) };
}

function checkCoordinates(coords: Float64Array, n: number): void {
  for (let k = 0; k < 3 * n; k++) {
    const why = coordinateProblem(coords[k]!);
    if (why === undefined) continue;
    const atom = Math.floor(k / 3);
    throw new ScoringError('SCORING_BAD_COORDINATE', `atom ${atom} has a coordinate ${why}`, {
      details: { atom, value: coords[k], limit: COORDINATE_LIMIT },
    });
  }
}

function crowded(atom: number, coords: Float64Array, what: string): never {
  const at = [0, 1, 2].map((k) => coords[3 * atom + k]!.toFixed(3)).join(', ');
  throw new ScoringError(
    'SCORING_BAD_INPUT',
    `atom ${atom} at (${at}): ${what}; coincident or overlapping copies of atoms, not a molecule`,
    { details: { atom, reason: 'crowded' } },
  );
}

/** Neighbour lists from a bond list: `offsets` into `neighbours`, CSR style. */
export function adjacency(
  n: number,
  bonds: { readonly a: Uint32Array; readonly b: Uint32Array },
): { offsets: Uint32Array; neighbours: Uint32Array } {
  const deg = new Uint32Array(n + 1);
  for (let k = 0; k < bonds.a.length; k++) {
    deg[bonds.a[k]! + 1]!++;
    deg[bonds.b[k]! + 1]!++;
  }
  for (let i = 0; i < n; i++) deg[i + 1]! += deg[i]!;
  const fill = deg.slice(0, n);
  const neighbours = new Uint32Array(deg[n]!);
  for (let k = 0; k < bonds.a.length; k++) {
    const a = bonds.a[k]!;
    const b = bonds.b[k]!;
    neighbours[fill[a]!++] = b;
    neighbours[fill[b]!++] = a;
  }
  return { offsets: deg, neighbours };
}
