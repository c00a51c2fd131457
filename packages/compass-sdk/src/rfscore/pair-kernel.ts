/**
 * The counting kernel behind RF-Score v1 features: protein atoms near the ligand are gathered into one column set
 * per protein element, then each counted ligand atom runs over each column set, counting pairs within 12 A in an
 * integer register. Both feature paths (a protein scanned once, a receptor binned in a grid) gather into the same
 * scratch and call {@link countGathered}.
 */
import { RfScoreError } from './errors.js';

/** Pair distance cutoff in Angstrom; a pair at exactly this distance counts. */
export const CUTOFF = 12;
const R2 = CUTOFF * CUTOFF;

const LIGAND_ELEMENTS = [6, 7, 8, 9, 15, 16, 17, 35, 53];
const PROTEIN_ELEMENTS = [6, 7, 8, 16];

function slotTable(elements: readonly number[]): Int8Array {
  const t = new Int8Array(256).fill(-1);
  elements.forEach((z, i) => (t[z] = i));
  return t;
}

/** Column of each ligand atomic number (-1: not counted). */
export const LIGAND_SLOT = slotTable(LIGAND_ELEMENTS);
/** Column of each protein atomic number (-1: not counted). */
export const PROTEIN_SLOT = slotTable(PROTEIN_ELEMENTS);

/** A ligand's counted atoms as columns, with their bounding box. */
export interface PreparedLigand {
  readonly count: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
  /** `4 * ligand column` of each atom. */
  readonly base: Int32Array;
  /** Box: min x, y, z, max x, y, z. */
  readonly box: Float64Array;
}

/**
 * Reusable buffers of one count: the gathered protein atoms per protein element, the prepared ligand and the
 * integer counts. Counting is synchronous, so one module-level scratch serves every call.
 */
class Scratch {
  px: Float64Array[] = [];
  py: Float64Array[] = [];
  pz: Float64Array[] = [];
  readonly n = new Int32Array(4);
  readonly counts = new Int32Array(36);
  lig: PreparedLigand = emptyLigand(0);
  private capacity = -1;

  /** Make room for `atoms` gathered atoms per element and empty the columns. */
  reset(atoms: number): void {
    if (atoms > this.capacity) {
      const cap = Math.max(atoms, 1024);
      const make = () => Array.from({ length: 4 }, () => new Float64Array(cap));
      this.px = make();
      this.py = make();
      this.pz = make();
      this.capacity = cap;
    }
    this.n.fill(0);
  }
}

function emptyLigand(n: number): PreparedLigand {
  return {
    count: 0,
    x: new Float64Array(n),
    y: new Float64Array(n),
    z: new Float64Array(n),
    base: new Int32Array(n),
    box: new Float64Array(6),
  };
}

/** The scratch every count uses. */
export const scratch = new Scratch();

/**
 * Prepare the ligand's counted atoms (hydrogens and other elements left out) into the scratch.
 *
 * @throws {RfScoreError} RFSCORE_BAD_INPUT when a counted ligand atom has a non-finite coordinate.
 */
export function prepareLigand(
  coords: ArrayLike<number>,
  atomicNumber: ArrayLike<number>,
  n: number,
): PreparedLigand {
  let lig = scratch.lig;
  if (lig.x.length < n) lig = emptyLigand(Math.max(n, 64));
  let m = 0;
  let x0 = Infinity,
    y0 = Infinity,
    z0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity,
    z1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const l = LIGAND_SLOT[atomicNumber[i]!]!;
    if (l < 0) continue;
    const x = coords[3 * i]!,
      y = coords[3 * i + 1]!,
      z = coords[3 * i + 2]!;
    if (!Number.isFinite(x + y + z))
      throw new RfScoreError('RFSCORE_BAD_INPUT', `ligand atom ${i + 1} has a non-finite coordinate`, {
        details: { atom: i },
      });
    lig.x[m] = x;
    lig.y[m] = y;
    lig.z[m] = z;
    lig.base[m] = 4 * l;
    m++;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    if (z < z0) z0 = z;
    if (z > z1) z1 = z;
  }
  lig.box.set([x0, y0, z0, x1, y1, z1]);
  scratch.lig = { ...lig, count: m };
  return scratch.lig;
}

/**
 * Keep one protein atom if it may lie within 12 A of a ligand atom: its distance to the ligand's box is at most
 * 12 A (never more than its distance to any ligand atom; rounding is monotonic). Returns whether it was kept.
 */
export function gather(box: Float64Array, x: number, y: number, z: number, slot: number): boolean {
  const ex = Math.max(box[0]! - x, 0, x - box[3]!),
    ey = Math.max(box[1]! - y, 0, y - box[4]!),
    ez = Math.max(box[2]! - z, 0, z - box[5]!);
  if (ex * ex + ey * ey + ez * ez > R2) return false;
  const k = scratch.n[slot]!++;
  scratch.px[slot]![k] = x;
  scratch.py[slot]![k] = y;
  scratch.pz[slot]![k] = z;
  return true;
}

/**
 * Count the gathered pairs into `out` (zeroed first; length >= 36). Each pair's squared distance is the float64
 * sum of squared float64 differences of the float32 coordinates, kept when <= 144: exactly ODDT's
 * `cdist(...) <= 12` on the same values (a correctly rounded sqrt is monotonic and 12 is exact).
 */
export function countGathered(out: Float64Array): Float64Array {
  const { lig, counts, n, px, py, pz } = scratch;
  counts.fill(0);
  const m = lig.count,
    lx = lig.x,
    ly = lig.y,
    lz = lig.z,
    base = lig.base;
  for (let s = 0; s < 4; s++) {
    const X = px[s]!,
      Y = py[s]!,
      Z = pz[s]!,
      ns = n[s]!;
    if (ns === 0) continue;
    // Four ligand atoms per pass over the column: four independent counters, each protein atom loaded once.
    let k = 0;
    for (; k + 4 <= m; k += 4) {
      const x0 = lx[k]!,
        y0 = ly[k]!,
        z0 = lz[k]!,
        x1 = lx[k + 1]!,
        y1 = ly[k + 1]!,
        z1 = lz[k + 1]!,
        x2 = lx[k + 2]!,
        y2 = ly[k + 2]!,
        z2 = lz[k + 2]!,
        x3 = lx[k + 3]!,
        y3 = ly[k + 3]!,
        z3 = lz[k + 3]!;
      let c0 = 0,
        c1 = 0,
        c2 = 0,
        c3 = 0;
      for (let j = 0; j < ns; j++) {
        const x = X[j]!,
          y = Y[j]!,
          z = Z[j]!;
        let dx = x0 - x,
          dy = y0 - y,
          dz = z0 - z;
        c0 += dx * dx + dy * dy + dz * dz <= R2 ? 1 : 0;
        dx = x1 - x;
        dy = y1 - y;
        dz = z1 - z;
        c1 += dx * dx + dy * dy + dz * dz <= R2 ? 1 : 0;
        dx = x2 - x;
        dy = y2 - y;
        dz = z2 - z;
        c2 += dx * dx + dy * dy + dz * dz <= R2 ? 1 : 0;
        dx = x3 - x;
        dy = y3 - y;
        dz = z3 - z;
        c3 += dx * dx + dy * dy + dz * dz <= R2 ? 1 : 0;
      }
      counts[base[k]! + s]! += c0;
      counts[base[k + 1]! + s]! += c1;
      counts[base[k + 2]! + s]! += c2;
      counts[base[k + 3]! + s]! += c3;
    }
    for (; k < m; k++) {
      const x0 = lx[k]!,
        y0 = ly[k]!,
        z0 = lz[k]!;
      let c = 0;
      for (let j = 0; j < ns; j++) {
        const dx = x0 - X[j]!,
          dy = y0 - Y[j]!,
          dz = z0 - Z[j]!;
        c += dx * dx + dy * dy + dz * dz <= R2 ? 1 : 0;
      }
      counts[base[k]! + s]! += c;
    }
  }
  out.fill(0, 0, 36);
  for (let i = 0; i < 36; i++) out[i] = counts[i]!;
  return out;
}
