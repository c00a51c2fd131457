/** The Vina score of one pose: intermolecular terms over the cell list, weighted, normalised by torsions. */
import { XS } from './atom-types.js';
import { ScoringError } from '../errors.js';
import { pKFromKcal } from '../../predictor/contract.js';
import type { VinaReceptor } from './receptor.js';
import { analyticTerms, nearestDistance2, tableTerms } from './pair-sums.js';
import { termTableRow } from './term-table.js';
import { VINA_CUTOFF, VINA_WEIGHTS, type VinaTermName, type VinaWeights } from './terms.js';
import type { VinaTypedLigand } from './typed-molecule.js';

/** Options of {@link scoreVina}. */
export interface VinaScoreOptions {
  /** Term weights; Vina 1.2.x defaults when omitted. */
  readonly weights?: VinaWeights;
  /** Also return each ligand atom's contribution (default false: saves an allocation per pose). */
  readonly perAtom?: boolean;
  /**
   * Evaluate the term functions at each distance instead of Vina's table sampled every 1/32 A^2 in r^2
   * (default false: the table reproduces Vina's own numbers and needs no square root or exponential).
   */
  readonly analytic?: boolean;
}

/** The Vina score of a pose, term by term. */
export interface VinaScore {
  /** Predicted binding free energy, kcal/mol: intermolecular / (1 + w * numTorsions). */
  readonly kcalPerMol: number;
  /** The same as pK = -dG / 1.364 (298 K). */
  readonly pK: number;
  /**
   * Weighted intermolecular energy before the torsion normalisation (Vina's "Ligand - Receptor"), with each ligand
   * atom's positive (clashing) energy e capped as Vina does: e * 1000 / (1000 + e).
   */
  readonly intermolecular: number;
  /** Vina's torsion count used in the normalisation. */
  readonly numTorsions: number;
  /** Unweighted sum of each term over all ligand-receptor pairs within the cutoff (before the clash cap). */
  readonly terms: Readonly<Record<VinaTermName, number>>;
  /** Each term's share of `kcalPerMol` (weighted, normalised); they sum to `kcalPerMol`. */
  readonly contributions: Readonly<Record<VinaTermName, number>>;
  /** Per ligand atom (index as in the typed ligand), its share of `kcalPerMol`; present when asked for. */
  readonly perAtom?: Float64Array;
  /**
   * Warnings from typing the ligand and receptor, and about the pose: no receptor atom within the 8 A cutoff of
   * any ligand atom (the score is 0: a wrong pose or receptor), or ligand atoms clashing with the receptor
   * (overlapping structures: the score is a large penalty, not an affinity).
   */
  readonly warnings: readonly string[];
}

/**
 * A ligand heavy atom closer than this (A) to a receptor heavy atom clashes: overlapping structures (the ligand
 * still inside its receptor file) or a wrong pose. Crystal contacts in the GIGN toy set come no closer than 1.27 A
 * (covalent and metal contacts included); the pocket cutter warns at the same distance.
 */
export const VINA_CLASH_DISTANCE = 1;

/** Vina's `authentic_v`: the scale of the per-atom clash cap (curl) used when scoring a given pose. */
export const VINA_CURL_V = 1000;
const CURL_V = VINA_CURL_V;

/**
 * Score a ligand pose against a prepared receptor with AutoDock Vina's scoring function. In score-only mode Vina's
 * reported free energy is the intermolecular energy divided by (1 + w * Nrot): the ligand's internal energy enters
 * both the bound and the unbound terms and cancels. Throws `SCORING_EMPTY_LIGAND` when the ligand has no scored
 * atom and `SCORING_BAD_COORDINATE` for a non-finite coordinate.
 *
 * @example
 * const receptor = VinaReceptor.fromTyped(typeFromAutodock(receptorAtoms));
 * const { kcalPerMol, pK } = scoreVina(receptor, ligand);
 */
export function scoreVina(
  receptor: VinaReceptor,
  ligand: VinaTypedLigand,
  options: VinaScoreOptions = {},
): VinaScore {
  const w = options.weights ?? VINA_WEIGHTS;
  const n = ligand.xs.length;
  const acc = new Float64Array(5);
  const raw = new Float64Array(5);
  const perAtom = options.perAtom ? new Float64Array(n) : undefined;
  const rc = receptor.coords;
  const rxs = receptor.xs;
  let scored = 0;
  let pairs = 0;
  let clashes = 0;
  const atomAcc = new Float64Array(5);
  const runs = new Uint32Array(50);
  for (let i = 0; i < n; i++) {
    const t = ligand.xs[i]!;
    if (t === XS.NONE) continue;
    const x = ligand.coords[3 * i]!;
    const y = ligand.coords[3 * i + 1]!;
    const z = ligand.coords[3 * i + 2]!;
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) {
      throw new ScoringError('SCORING_BAD_COORDINATE', `ligand atom ${i} has a non-finite coordinate`, {
        details: { atom: i },
      });
    }
    scored++;
    atomAcc.fill(0);
    const nRuns = receptor.nearbyRuns(x, y, z, runs);
    pairs += options.analytic
      ? analyticTerms(rc, rxs, t, x, y, z, runs, nRuns, atomAcc)
      : tableTerms(rc, rxs, termTableRow(t), x, y, z, runs, nRuns, atomAcc);
    // Vina "curls" each atom's energy when it is positive (a clash): e -> e * v / (v + e) with v = 1000, so one
    // overlapping atom cannot dominate; scale that atom's terms alike so the parts still add up
    const e = weigh(atomAcc, w);
    const curl = e > 0 ? CURL_V / (CURL_V + e) : 1;
    // only an atom with a net repulsion can clash; the nearest-distance scan runs for those alone
    if (e > 0 && nearestDistance2(rc, x, y, z, runs, nRuns) < VINA_CLASH_DISTANCE ** 2) clashes++;
    for (let k = 0; k < 5; k++) {
      raw[k]! += atomAcc[k]!;
      acc[k]! += atomAcc[k]! * curl;
    }
    if (perAtom) perAtom[i] = e * curl;
  }
  if (scored === 0) {
    throw new ScoringError('SCORING_EMPTY_LIGAND', 'the ligand has no atom Vina can score', {
      details: { atoms: n },
    });
  }
  const intermolecular = weigh(acc, w);
  const norm = 1 / (1 + w.rot * ligand.numTorsions);
  const kcalPerMol = intermolecular * norm;
  if (perAtom) for (let i = 0; i < n; i++) perAtom[i]! *= norm;
  return {
    kcalPerMol,
    pK: pKFromKcal(kcalPerMol),
    intermolecular,
    numTorsions: ligand.numTorsions,
    terms: {
      gauss1: raw[0]!,
      gauss2: raw[1]!,
      repulsion: raw[2]!,
      hydrophobic: raw[3]!,
      hydrogenBond: raw[4]!,
    },
    contributions: {
      gauss1: w.gauss1 * acc[0]! * norm,
      gauss2: w.gauss2 * acc[1]! * norm,
      repulsion: w.repulsion * acc[2]! * norm,
      hydrophobic: w.hydrophobic * acc[3]! * norm,
      hydrogenBond: w.hydrogenBond * acc[4]! * norm,
    },
    ...(perAtom ? { perAtom } : {}),
    warnings: [...ligand.warnings, ...receptor.warnings, ...poseWarnings(pairs, clashes, scored)],
  };
}

function poseWarnings(pairs: number, clashes: number, scored: number): string[] {
  const out: string[] = [];
  if (pairs === 0)
    out.push(
      `no receptor atom within ${VINA_CUTOFF} A of any ligand atom: the score is 0 (a wrong pose or the wrong receptor)`,
    );
  if (clashes > 0)
    out.push(
      `${clashes} of ${scored} ligand heavy atoms clash with the receptor (closer than ${VINA_CLASH_DISTANCE} A to a ` +
        'receptor atom): overlapping structures or a wrong pose; the score is a penalty, not an affinity',
    );
  return out;
}

function weigh(t: Float64Array, w: VinaWeights): number {
  return (
    w.gauss1 * t[0]! + w.gauss2 * t[1]! + w.repulsion * t[2]! + w.hydrophobic * t[3]! + w.hydrogenBond * t[4]!
  );
}
