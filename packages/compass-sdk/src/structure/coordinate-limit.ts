/** The coordinate range every parser and geometric algorithm accepts: finite and within +-100,000 A of the origin. */

/**
 * Largest absolute coordinate (Angstrom) accepted anywhere in the engine. A real structure spans at most a few
 * thousand Angstrom (the PDB's fixed columns stop at 9999.999); SDF, MOL2 and PDBQT can write more, and a value
 * such as 1e30 would make grids and cell keys overflow. Parsers refuse larger values with PARSE_BAD_COORDINATE,
 * the scorers with SCORING_BAD_COORDINATE, so every geometric algorithm can rely on this bound.
 */
export const COORDINATE_LIMIT = 1e5;

/** True when `v` is a finite number with |v| <= {@link COORDINATE_LIMIT}. */
export function isCoordinateInRange(v: number): boolean {
  return Number.isFinite(v) && Math.abs(v) <= COORDINATE_LIMIT;
}

/**
 * Why `v` is not an acceptable coordinate ("not finite", "beyond the +-100000 A limit"), or undefined when it is.
 * Error messages use this so every layer words the refusal alike.
 */
export function coordinateProblem(v: number): string | undefined {
  if (!Number.isFinite(v)) return 'not a finite number';
  if (Math.abs(v) > COORDINATE_LIMIT) return `beyond the +-${COORDINATE_LIMIT} A coordinate limit`;
  return undefined;
}

/**
 * Index of the first coordinate in an interleaved x, y, z array that is out of range, or -1 when all are in
 * range. One pass, no allocation: callers on user input run it before building grids.
 */
export function firstBadCoordinate(coords: ArrayLike<number>): number {
  for (let k = 0; k < coords.length; k++) if (!isCoordinateInRange(coords[k]!)) return k;
  return -1;
}

/**
 * Most atoms of one structure that a 4 A cube (64 A^3) may hold. Condensed matter has 0.1-0.2 atoms per A^3,
 * hydrogens included, so about 6-13 atoms in such a cube; 64 leaves room for overlapping copies (alternate
 * locations, a ligand inside its receptor file) while bounding every neighbour search on hostile input
 * (thousands of atoms at one point) to a few thousand candidates per query.
 */
export const MAX_ATOMS_PER_CUBE = 64;

/** Edge (A) of the cube {@link MAX_ATOMS_PER_CUBE} applies to. */
export const DENSITY_CUBE = 4;
