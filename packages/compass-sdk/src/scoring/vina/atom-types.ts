/** X-Score atom types as AutoDock Vina uses them (src/lib/atom_constants.h), with radii and the donor/acceptor roles. */

/** Vina's X-Score types, numbered as in Vina. `XS.NONE` marks atoms Vina does not score (hydrogens, unknowns). */
export const XS = {
  C_H: 0,
  C_P: 1,
  N_P: 2,
  N_D: 3,
  N_A: 4,
  N_DA: 5,
  O_P: 6,
  O_D: 7,
  O_A: 8,
  O_DA: 9,
  S_P: 10,
  P_P: 11,
  F_H: 12,
  Cl_H: 13,
  Br_H: 14,
  I_H: 15,
  Si: 16,
  At: 17,
  Met_D: 18,
  NONE: 255,
} as const;

/** One X-Score type number (0..18), or {@link XS}.NONE. */
export type XsType = (typeof XS)[keyof typeof XS];

/** Number of scored X-Score types. */
export const XS_TYPE_COUNT = 19;

/** Names of the X-Score types, indexed by type number. */
export const XS_NAMES: readonly string[] = [
  'C_H', 'C_P', 'N_P', 'N_D', 'N_A', 'N_DA', 'O_P', 'O_D', 'O_A', 'O_DA',
  'S_P', 'P_P', 'F_H', 'Cl_H', 'Br_H', 'I_H', 'Si', 'At', 'Met_D',
]; // prettier-ignore

/** Vina's van der Waals radii (xs_vdw_radii), in Angstrom, indexed by type number. */
export const XS_RADIUS: Float64Array = Float64Array.from([
  1.9, 1.9, 1.8, 1.8, 1.8, 1.8, 1.7, 1.7, 1.7, 1.7, 2.0, 2.1, 1.5, 1.8, 2.0, 2.2, 2.2, 2.3, 1.2,
]);

/** True for the hydrophobic types: C_H and the halogens F, Cl, Br, I. */
export function xsIsHydrophobic(t: number): boolean {
  return t === XS.C_H || t === XS.F_H || t === XS.Cl_H || t === XS.Br_H || t === XS.I_H;
}

/** True for hydrogen-bond acceptors (N_A, N_DA, O_A, O_DA). */
export function xsIsAcceptor(t: number): boolean {
  return t === XS.N_A || t === XS.N_DA || t === XS.O_A || t === XS.O_DA;
}

/** True for hydrogen-bond donors (N_D, N_DA, O_D, O_DA, and metals, which Vina treats as donors). */
export function xsIsDonor(t: number): boolean {
  return t === XS.N_D || t === XS.N_DA || t === XS.O_D || t === XS.O_DA || t === XS.Met_D;
}

/** True when a donor-acceptor pair can be formed in either direction. */
export function xsHydrogenBondPossible(a: number, b: number): boolean {
  return (xsIsDonor(a) && xsIsAcceptor(b)) || (xsIsDonor(b) && xsIsAcceptor(a));
}

/**
 * Metals Vina types as Met_D: the AutoDock metal types (Mg, Mn, Zn, Ca, Fe) and its `non_ad_metal_names`
 * (Cu, Fe, Na, K, Hg, Co, U, Cd, Ni).
 */
export const VINA_METALS: ReadonlySet<string> = new Set([
  'Mg', 'Mn', 'Zn', 'Ca', 'Fe', 'Cu', 'Na', 'K', 'Hg', 'Co', 'U', 'Cd', 'Ni',
]); // prettier-ignore

/** Normalise an element symbol to its usual capitalisation ("CL" -> "Cl"). */
export function normaliseElement(symbol: string): string {
  const s = symbol.trim();
  if (s.length === 0) return '';
  return s[0]!.toUpperCase() + s.slice(1).toLowerCase();
}
