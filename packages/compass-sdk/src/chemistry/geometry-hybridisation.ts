/**
 * Hybridisation from 3D geometry, for molecules given without bond orders (PDB, PDBQT): bond angles for atoms
 * with two or more neighbours, ring planarity for ring atoms, and the bond length for terminal atoms.
 */

/** Geometric hybridisation class. */
export const Geometry = { UNKNOWN: 0, SP: 1, SP2: 2, SP3: 3 } as const;
/** One of {@link Geometry}'s values. */
export type Geometry = (typeof Geometry)[keyof typeof Geometry];

/** Angle (degrees) at b between a and c. */
export function angleAt(coords: ArrayLike<number>, a: number, b: number, c: number): number {
  let dot = 0,
    na = 0,
    nc = 0;
  for (let d = 0; d < 3; d++) {
    const u = coords[3 * a + d]! - coords[3 * b + d]!;
    const v = coords[3 * c + d]! - coords[3 * b + d]!;
    dot += u * v;
    na += u * u;
    nc += v * v;
  }
  return (Math.acos(Math.max(-1, Math.min(1, dot / Math.sqrt(na * nc)))) * 180) / Math.PI;
}

/** Distance between atoms a and b. */
export function distance(coords: ArrayLike<number>, a: number, b: number): number {
  const dx = coords[3 * a]! - coords[3 * b]!,
    dy = coords[3 * a + 1]! - coords[3 * b + 1]!,
    dz = coords[3 * a + 2]! - coords[3 * b + 2]!;
  return Math.sqrt(dx * dx + dy * dy + dz * dz);
}

/** Largest distance (A) of a ring atom from the ring's least-squares plane. */
export function ringPlaneDeviation(coords: ArrayLike<number>, ring: readonly number[]): number {
  const n = ring.length;
  const c = [0, 0, 0];
  for (const a of ring) for (let d = 0; d < 3; d++) c[d]! += coords[3 * a + d]! / n;
  // Normal from the sum of cross products of consecutive centred vectors (Newell's method).
  const nrm = [0, 0, 0];
  for (let k = 0; k < n; k++) {
    const p = ring[k]!,
      q = ring[(k + 1) % n]!;
    const u = [0, 1, 2].map((d) => coords[3 * p + d]! - c[d]!);
    const v = [0, 1, 2].map((d) => coords[3 * q + d]! - c[d]!);
    nrm[0]! += u[1]! * v[2]! - u[2]! * v[1]!;
    nrm[1]! += u[2]! * v[0]! - u[0]! * v[2]!;
    nrm[2]! += u[0]! * v[1]! - u[1]! * v[0]!;
  }
  const len = Math.hypot(nrm[0]!, nrm[1]!, nrm[2]!) || 1;
  let worst = 0;
  for (const a of ring) {
    let dev = 0;
    for (let d = 0; d < 3; d++) dev += ((coords[3 * a + d]! - c[d]!) * nrm[d]!) / len;
    worst = Math.max(worst, Math.abs(dev));
  }
  return worst;
}

/**
 * Hybridisation of an atom with `neighbours` (heavy atoms and any hydrogens with coordinates): four or more is
 * sp3; three are sp2 when they lie in a plane with the atom (angle sum >= 350 degrees); two are sp when nearly
 * linear (> 155), sp2 when the angle is above 115; one or none is UNKNOWN (decided from bond lengths).
 */
export function geometryOf(coords: ArrayLike<number>, atom: number, neighbours: readonly number[]): Geometry {
  const n = neighbours.length;
  if (n >= 4) return Geometry.SP3;
  if (n === 3) {
    const [a, b, c] = neighbours as [number, number, number];
    const sum = angleAt(coords, a, atom, b) + angleAt(coords, a, atom, c) + angleAt(coords, b, atom, c);
    return sum >= 350 ? Geometry.SP2 : Geometry.SP3;
  }
  if (n === 2) {
    const t = angleAt(coords, neighbours[0]!, atom, neighbours[1]!);
    return t > 155 ? Geometry.SP : t > 115 ? Geometry.SP2 : Geometry.SP3;
  }
  return Geometry.UNKNOWN;
}
