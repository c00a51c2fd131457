/** The five Vina interaction terms and their published 1.2.x weights (src/lib/potentials.cpp, scoring_function.cpp). */
import { XS_RADIUS, xsHydrogenBondPossible, xsIsHydrophobic } from './atom-types.js';

/** Names of the five terms, in Vina's order. */
export const VINA_TERM_NAMES = ['gauss1', 'gauss2', 'repulsion', 'hydrophobic', 'hydrogenBond'] as const;

/** One of the five term names. */
export type VinaTermName = (typeof VINA_TERM_NAMES)[number];

/** Term weights and the torsion weight of the Vina scoring function. */
export interface VinaWeights {
  readonly gauss1: number;
  readonly gauss2: number;
  readonly repulsion: number;
  readonly hydrophobic: number;
  readonly hydrogenBond: number;
  /** Weight w of the (1 + w * Nrot) normalisation. */
  readonly rot: number;
}

/** The weights AutoDock Vina 1.2.x uses by default (`vina --help`: weight_gauss1 ... weight_rot). */
export const VINA_WEIGHTS: VinaWeights = Object.freeze({
  gauss1: -0.035579,
  gauss2: -0.005156,
  repulsion: 0.840245,
  hydrophobic: -0.035069,
  hydrogenBond: -0.587439,
  rot: 0.05846,
});

/** Pairs at or beyond this distance (Angstrom) contribute nothing. */
export const VINA_CUTOFF = 8;

/** Squared cutoff, for comparisons on squared distances. */
export const VINA_CUTOFF_SQ = VINA_CUTOFF * VINA_CUTOFF;

/**
 * Add the five unweighted terms of one atom pair at distance `r` into `out[offset..offset+4]`.
 * The terms depend on the surface distance d = r - (R1 + R2), with R the X-Score van der Waals radii:
 * gauss1 = exp(-(d/0.5)^2), gauss2 = exp(-((d-3)/2)^2), repulsion = d^2 when d < 0, hydrophobic 1 below 0.5
 * falling linearly to 0 at 1.5 (both atoms hydrophobic), hydrogen bond 1 below -0.7 falling to 0 at 0 (a
 * donor-acceptor pair).
 */
export function addPairTerms(t1: number, t2: number, r: number, out: Float64Array, offset = 0): void {
  if (r >= VINA_CUTOFF) return;
  const d = r - (XS_RADIUS[t1]! + XS_RADIUS[t2]!);
  const g1 = d / 0.5;
  out[offset] = out[offset]! + Math.exp(-g1 * g1);
  const g2 = (d - 3) / 2;
  out[offset + 1] = out[offset + 1]! + Math.exp(-g2 * g2);
  if (d < 0) out[offset + 2] = out[offset + 2]! + d * d;
  if (d < 1.5 && xsIsHydrophobic(t1) && xsIsHydrophobic(t2)) {
    out[offset + 3] = out[offset + 3]! + (d <= 0.5 ? 1 : 1.5 - d);
  }
  if (d < 0 && xsHydrogenBondPossible(t1, t2)) {
    out[offset + 4] = out[offset + 4]! + (d <= -0.7 ? 1 : -d / 0.7);
  }
}

/** The weighted sum of one pair's five terms, in kcal/mol before the torsion normalisation. */
export function pairEnergy(t1: number, t2: number, r: number, w: VinaWeights = VINA_WEIGHTS): number {
  const acc = new Float64Array(5);
  addPairTerms(t1, t2, r, acc);
  return (
    w.gauss1 * acc[0]! +
    w.gauss2 * acc[1]! +
    w.repulsion * acc[2]! +
    w.hydrophobic * acc[3]! +
    w.hydrogenBond * acc[4]!
  );
}
