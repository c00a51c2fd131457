/** The Vina score of one pose: intermolecular terms over the cell list, weighted, normalised by torsions. */
import { XS, XS_RADIUS, XS_TYPE_COUNT, xsHydrogenBondPossible, xsIsHydrophobic } from './atom-types.js';
import { ScoringError } from '../errors.js';
import { pKFromKcal } from '../predictor.js';
import type { VinaReceptor } from './receptor.js';
import { VINA_CUTOFF_SQ, VINA_WEIGHTS, type VinaTermName, type VinaWeights } from './terms.js';
import type { VinaTypedLigand } from './typed-molecule.js';

/** Options of {@link scoreVina}. */
export interface VinaScoreOptions {
  /** Term weights; Vina 1.2.x defaults when omitted. */
  readonly weights?: VinaWeights;
  /** Also return each ligand atom's contribution (default false: saves an allocation per pose). */
  readonly perAtom?: boolean;
}

/** The Vina score of a pose, term by term. */
export interface VinaScore {
  /** Predicted binding free energy, kcal/mol: intermolecular / (1 + w * numTorsions). */
  readonly kcalPerMol: number;
  /** The same as pK = -dG / 1.364 (298 K). */
  readonly pK: number;
  /** Weighted intermolecular energy before the torsion normalisation (Vina's "Ligand - Receptor"). */
  readonly intermolecular: number;
  /** Vina's torsion count used in the normalisation. */
  readonly numTorsions: number;
  /** Unweighted sum of each term over all ligand-receptor pairs within the cutoff. */
  readonly terms: Readonly<Record<VinaTermName, number>>;
  /** Each term's share of `kcalPerMol` (weighted, normalised); they sum to `kcalPerMol`. */
  readonly contributions: Readonly<Record<VinaTermName, number>>;
  /** Per ligand atom (index as in the typed ligand), its share of `kcalPerMol`; present when asked for. */
  readonly perAtom?: Float64Array;
  /** Warnings from typing the ligand and receptor. */
  readonly warnings: readonly string[];
}

interface PairTable {
  readonly rsum: Float64Array;
  readonly hydrophobic: Uint8Array;
  readonly hbond: Uint8Array;
}

const TABLE: PairTable = (() => {
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
  const perAtom = options.perAtom ? new Float64Array(n) : undefined;
  const rc = receptor.coords;
  const rxs = receptor.xs;
  let scored = 0;
  const atomAcc = new Float64Array(5);
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
    const row = t * XS_TYPE_COUNT;
    receptor.forEachNearbyRun(x, y, z, (start, end) => {
      for (let j = start; j < end; j++) {
        const dx = rc[3 * j]! - x;
        const dy = rc[3 * j + 1]! - y;
        const dz = rc[3 * j + 2]! - z;
        const r2 = dx * dx + dy * dy + dz * dz;
        if (r2 >= VINA_CUTOFF_SQ) continue;
        const p = row + rxs[j]!;
        const d = Math.sqrt(r2) - TABLE.rsum[p]!;
        const g1 = d * 2;
        const g2 = (d - 3) * 0.5;
        atomAcc[0]! += Math.exp(-g1 * g1);
        atomAcc[1]! += Math.exp(-g2 * g2);
        if (d < 0) {
          atomAcc[2]! += d * d;
          if (TABLE.hbond[p]) atomAcc[4]! += d <= -0.7 ? 1 : -d / 0.7;
        }
        if (d < 1.5 && TABLE.hydrophobic[p]) atomAcc[3]! += d <= 0.5 ? 1 : 1.5 - d;
      }
    });
    for (let k = 0; k < 5; k++) acc[k]! += atomAcc[k]!;
    if (perAtom) perAtom[i] = weigh(atomAcc, w);
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
      gauss1: acc[0]!,
      gauss2: acc[1]!,
      repulsion: acc[2]!,
      hydrophobic: acc[3]!,
      hydrogenBond: acc[4]!,
    },
    contributions: {
      gauss1: w.gauss1 * acc[0]! * norm,
      gauss2: w.gauss2 * acc[1]! * norm,
      repulsion: w.repulsion * acc[2]! * norm,
      hydrophobic: w.hydrophobic * acc[3]! * norm,
      hydrogenBond: w.hydrogenBond * acc[4]! * norm,
    },
    ...(perAtom ? { perAtom } : {}),
    warnings: [...ligand.warnings, ...receptor.warnings],
  };
}

function weigh(t: Float64Array, w: VinaWeights): number {
  return (
    w.gauss1 * t[0]! + w.gauss2 * t[1]! + w.repulsion * t[2]! + w.hydrophobic * t[3]! + w.hydrogenBond * t[4]!
  );
}
