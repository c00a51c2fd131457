/** The inner loops of the Vina score: one ligand atom's five term sums over the nearby receptor atoms. */
import { XS_RADIUS, XS_TYPE_COUNT, xsHydrogenBondPossible, xsIsHydrophobic } from './atom-types.js';
import { TABLE_FACTOR, TABLE_SIZE } from './term-table.js';
import { VINA_CUTOFF_SQ } from './terms.js';

// per type pair (index t1 * XS_TYPE_COUNT + t2): radius sum and whether the hydrophobic / H-bond terms apply
interface PairTable {
  readonly rsum: Float64Array;
  readonly hydrophobic: Uint8Array;
  readonly hbond: Uint8Array;
}

const PAIRS: PairTable = (() => {
  const n = XS_TYPE_COUNT;
  const rsum = new Float64Array(n * n);
  const hydrophobic = new Uint8Array(n * n);
  const hbond = new Uint8Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      rsum[a * n + b] = XS_RADIUS[a]! + XS_RADIUS[b]!;
      hydrophobic[a * n + b] = xsIsHydrophobic(a) && xsIsHydrophobic(b) ? 1 : 0;
      hbond[a * n + b] = xsHydrogenBondPossible(a, b) ? 1 : 0;
    }
  }
  return { rsum, hydrophobic, hbond };
})();

/**
 * Sum the terms of one ligand atom from Vina's r^2 table (no square root, no exponential); returns how many
 * receptor atoms lay within the cutoff.
 */
export function tableTerms(
  rc: Float64Array,
  rxs: Uint8Array,
  table: Float32Array,
  x: number,
  y: number,
  z: number,
  runs: Uint32Array,
  nRuns: number,
  out: Float64Array,
): number {
  let pairs = 0;
  for (let r = 0; r < nRuns; r++) {
    const end = runs[2 * r + 1]!;
    for (let j = runs[2 * r]!; j < end; j++) {
      const dx = rc[3 * j]! - x;
      const dy = rc[3 * j + 1]! - y;
      const dz = rc[3 * j + 2]! - z;
      const r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= VINA_CUTOFF_SQ) continue;
      pairs++;
      const p = (rxs[j]! * TABLE_SIZE + Math.floor(TABLE_FACTOR * r2)) * 5;
      out[0]! += table[p]!;
      out[1]! += table[p + 1]!;
      out[2]! += table[p + 2]!;
      out[3]! += table[p + 3]!;
      out[4]! += table[p + 4]!;
    }
  }
  return pairs;
}

/** Sum the terms of one ligand atom from the functions themselves; returns the receptor atoms within the cutoff. */
export function analyticTerms(
  rc: Float64Array,
  rxs: Uint8Array,
  t: number,
  x: number,
  y: number,
  z: number,
  runs: Uint32Array,
  nRuns: number,
  out: Float64Array,
): number {
  let pairs = 0;
  const row = t * XS_TYPE_COUNT;
  for (let r = 0; r < nRuns; r++) {
    const end = runs[2 * r + 1]!;
    for (let j = runs[2 * r]!; j < end; j++) {
      const dx = rc[3 * j]! - x;
      const dy = rc[3 * j + 1]! - y;
      const dz = rc[3 * j + 2]! - z;
      const r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= VINA_CUTOFF_SQ) continue;
      pairs++;
      const p = row + rxs[j]!;
      const d = Math.sqrt(r2) - PAIRS.rsum[p]!;
      const g1 = d * 2;
      const g2 = (d - 3) * 0.5;
      out[0]! += Math.exp(-g1 * g1);
      out[1]! += Math.exp(-g2 * g2);
      if (d < 0) {
        out[2]! += d * d;
        if (PAIRS.hbond[p]) out[4]! += d <= -0.7 ? 1 : -d / 0.7;
      }
      if (d < 1.5 && PAIRS.hydrophobic[p]) out[3]! += d <= 0.5 ? 1 : 1.5 - d;
    }
  }
  return pairs;
}

/** Squared distance from (x, y, z) to the nearest receptor atom in the given runs (Infinity when none). */
export function nearestDistance2(
  rc: Float64Array,
  x: number,
  y: number,
  z: number,
  runs: Uint32Array,
  nRuns: number,
): number {
  let best = Infinity;
  for (let r = 0; r < nRuns; r++) {
    const end = runs[2 * r + 1]!;
    for (let j = runs[2 * r]!; j < end; j++) {
      const dx = rc[3 * j]! - x;
      const dy = rc[3 * j + 1]! - y;
      const dz = rc[3 * j + 2]! - z;
      best = Math.min(best, dx * dx + dy * dy + dz * dz);
    }
  }
  return best;
}
