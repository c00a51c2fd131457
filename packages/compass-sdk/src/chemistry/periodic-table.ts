/**
 * RDKit 2022.09's periodic table (Code/GraphMol/atomic_data.cpp, read from the Debian build): covalent radius,
 * outer-shell electrons and allowed valences per atomic number 0..118. These numbers drive proximity bonding,
 * valence and hybridisation, so they are RDKit's exactly, not textbook values.
 */

/** Covalent radius (Angstrom) used by RDKit's proximity bonding, by atomic number. */
const RCOV: readonly number[] = [
  0.0, 0.23, 0.93, 0.68, 0.35, 0.83, 0.68, 0.68, 0.68, 0.64, 1.12, 0.97, 1.1, 1.35, 1.2, 0.75, 1.02, 0.99,
  1.57, 1.33, 0.99, 1.44, 1.47, 1.33, 1.35, 1.35, 1.34, 1.33, 1.5, 1.52, 1.45, 1.22, 1.17, 1.21, 1.22, 1.21,
  1.91, 1.47, 1.12, 1.78, 1.56, 1.48, 1.47, 1.35, 1.4, 1.45, 1.5, 1.59, 1.69, 1.63, 1.46, 1.46, 1.47, 1.4,
  1.98, 1.67, 1.34, 1.87, 1.83, 1.82, 1.81, 1.8, 1.8, 1.99, 1.79, 1.76, 1.75, 1.74, 1.73, 1.72, 1.94, 1.72,
  1.57, 1.43, 1.37, 1.35, 1.37, 1.32, 1.5, 1.5, 1.7, 1.55, 1.54, 1.54, 1.68, 1.7, 2.4, 2.0, 1.9, 1.88, 1.79,
  1.61, 1.58, 1.55, 1.53, 1.51, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.57, 1.49, 1.43, 1.41, 1.34, 1.29,
  1.28, 1.21, 1.22, 1.36, 1.43, 1.62, 1.75, 1.65, 1.57,
];

/** Outer-shell electron count, by atomic number. */
const N_OUTER: readonly number[] = [
  0, 1, 2, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 2, 3, 4, 5, 6,
  7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
  13, 14, 15, 4, 5, 6, 7, 8, 9, 10, 11, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
  14, 15, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
];

/** Allowed valences, lowest first; -1 alone means "any" (no default valence), a trailing -1 "anything above". */
const VALENCES: readonly (readonly number[])[] = [
  [-1],
  [1],
  [0],
  [1],
  [2],
  [3],
  [4],
  [3],
  [2],
  [1],
  [0],
  [1],
  [2, -1],
  [3, 6],
  [4, 6],
  [3, 5, 7],
  [2, 4, 6],
  [1],
  [0],
  [1],
  [2, -1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [3],
  [4],
  [3, 5, 7],
  [2, 4, 6],
  [1],
  [0],
  [1],
  [2, -1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [3],
  [2, 4],
  [3, 5, 7],
  [2, 4, 6],
  [1, 3, 5],
  [0, 2, 4, 6],
  [1],
  [2, -1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [3],
  [2, 4],
  [3, 5, 7],
  [2, 4, 6],
  [1, 3, 5],
  [0],
  [1],
  [2, -1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
  [-1],
];

/** Highest atomic number in the table. */
export const MAX_ATOMIC_NUMBER = 118;

/** RDKit's covalent radius of element `z` (0 for unknown elements). */
export function covalentRadius(z: number): number {
  return RCOV[z] ?? 0;
}

/** RDKit's outer-shell electron count of element `z`. */
export function outerElectrons(z: number): number {
  return N_OUTER[z] ?? 0;
}

/** RDKit's allowed valences of element `z` (`[-1]` for d/f-block metals and unknown numbers). */
export function valenceList(z: number): readonly number[] {
  return VALENCES[z] ?? [-1];
}

/** RDKit's default valence: the first allowed valence, -1 when the element has none. */
export function defaultValence(z: number): number {
  return valenceList(z)[0]!;
}

/**
 * RDKit's `PeriodicTable::moreElectroNegative`: more outer electrons wins, ties go to the lighter element. It is
 * RDKit's ordering, not Pauling electronegativity.
 */
export function moreElectronegative(a: number, b: number): boolean {
  const na = outerElectrons(a),
    nb = outerElectrons(b);
  return na > nb || (na === nb && a < b);
}
