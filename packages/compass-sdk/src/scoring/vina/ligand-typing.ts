/** Vina typing of a ligand from its own bond table (SDF, MOL2): the product path, without Open Babel. */
import {
  COVALENT_RADIUS,
  MAX_COVALENT_RADIUS,
  perceiveBonds,
  type PerceivedBonds,
} from './bond-perception.js';
import { normaliseElement } from './atom-types.js';
import {
  isScorableElement,
  isVinaHeteroatom,
  makesPolarHydrogen,
  nitrogenAccepts,
  xsFromRoles,
} from './element-typing.js';
import { countVinaTorsions } from './rotatable-bonds.js';
import { ringBonds } from './rings.js';
import type { VinaTypedLigand } from './typed-molecule.js';

/** One bond of the ligand's table: atom indices and order (1, 2, 3; 4 or 1.5 for aromatic). */
export interface LigandBondInput {
  readonly a: number;
  readonly b: number;
  readonly order: number;
}

/** A ligand as a parser gives it: elements, coordinates (x, y, z per atom) and bonds. */
export interface LigandInput {
  readonly elements: readonly string[];
  readonly coords: ArrayLike<number>;
  readonly bonds: readonly LigandBondInput[];
  /** Formal charge per atom, when the file gives them. */
  readonly formalCharges?: ArrayLike<number>;
}

const VALENCE: Readonly<Record<string, number>> = { C: 4, N: 3, O: 2, S: 2 };

/**
 * Type a ligand for Vina from its bonds. Carbons bonded to a heteroatom are C_P; oxygens accept; nitrogens accept
 * unless ammonium-like or three-connected sp2 (Open Babel's rule behind AutoDock's NA); N and O donate when they
 * carry a hydrogen. Rotatable bonds are Open Babel's PDBQT torsions (single, acyclic, not amide or amidine C-N,
 * both ends connected to something other than a non-polar hydrogen); Vina's torsion count is taken over them. A ligand
 * without bonds gets Vina's distance-perceived bonds, and one without hydrogens gets donors from valence; both
 * with a warning.
 */
export function typeLigandFromBonds(input: LigandInput): VinaTypedLigand {
  const n = input.elements.length;
  const elements = input.elements.map(normaliseElement);
  const coords = Float64Array.from({ length: 3 * n }, (_, k) => Number(input.coords[k]));
  const warnings: string[] = [];
  let bondList = input.bonds;
  if (bondList.length === 0 && n > 1) {
    const radius = Float64Array.from(elements, (e) => COVALENT_RADIUS[e] ?? MAX_COVALENT_RADIUS);
    const perceived = perceiveBonds(coords, radius);
    bondList = Array.from(perceived.a, (a, k) => ({ a, b: perceived.b[k]!, order: 1 }));
    warnings.push('the ligand has no bonds: bonds perceived from distances, all taken as single');
  }
  const nbrs: { j: number; order: number }[][] = Array.from({ length: n }, () => []);
  for (const b of bondList) {
    if (b.a === b.b || b.a >= n || b.b >= n) continue;
    nbrs[b.a]!.push({ j: b.b, order: b.order });
    nbrs[b.b]!.push({ j: b.a, order: b.order });
  }
  const unknown = new Set(elements.filter((e) => e !== 'H' && !isScorableElement(e)));
  if (unknown.size > 0)
    warnings.push(`element(s) ${[...unknown].join(', ')} have no Vina type and are not scored`);
  const anyHydrogen = elements.includes('H');
  if (!anyHydrogen && n > 0) warnings.push('the ligand has no hydrogens: donors inferred from valences');
  const multiple = (o: number): boolean => o !== 1;
  const polarH = (i: number): boolean =>
    elements[i] === 'H' && nbrs[i]!.some(({ j }) => makesPolarHydrogen(elements[j]!));
  const implicitH = (i: number): number => {
    if (anyHydrogen) return 0;
    const v = VALENCE[elements[i]!];
    if (v === undefined) return 0;
    const charge = Number(input.formalCharges?.[i] ?? 0);
    const used = nbrs[i]!.reduce((s, { order }) => s + (order === 4 ? 1.5 : order), 0);
    return Math.max(0, Math.round(v + (elements[i] === 'N' ? charge : -Math.abs(charge)) - used));
  };
  const xs = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const el = elements[i]!;
    const list = nbrs[i]!;
    const hetero = list.some(({ j }) => isVinaHeteroatom(elements[j]!));
    const hCount = list.filter(({ j }) => elements[j] === 'H').length + implicitH(i);
    const donor = (el === 'N' || el === 'O') && hCount > 0;
    let acceptor = el === 'O';
    if (el === 'N') {
      const conjugated =
        list.some(({ order }) => multiple(order)) ||
        // an N next to a multiply bonded C or N is conjugated (amide, aniline); Open Babel keeps sulfonamide and
        // phosphoramide N sp3, so S and P neighbours do not count
        list.some(
          ({ j }) =>
            (elements[j] === 'C' || elements[j] === 'N') && nbrs[j]!.some(({ order }) => multiple(order)),
        );
      acceptor = nitrogenAccepts(list.length + implicitH(i), conjugated);
    }
    xs[i] = xsFromRoles(el, hetero, acceptor, donor);
  }
  const inRing = ringBonds(n, bondList);
  const keptDegree = (i: number): number =>
    nbrs[i]!.filter(({ j }) => elements[j] !== 'H' || polarH(j)).length;
  // Open Babel keeps amide and amidine C-N bonds rigid: a three-connected N on a carbon that carries C=O or C=N.
  // With aromatic bond orders the Kekule form is unknown; a carbon between two aromatic nitrogens always has C=N.
  const aromatic = (o: number): boolean => o === 4 || o === 1.5;
  const isAmideLike = (c: number, nIdx: number): boolean => {
    if (elements[c] !== 'C' || elements[nIdx] !== 'N' || nbrs[nIdx]!.length + implicitH(nIdx) !== 3)
      return false;
    const cb = nbrs[c]!;
    if (cb.some(({ j, order }) => order === 2 && (elements[j] === 'O' || elements[j] === 'N'))) return true;
    return cb.filter(({ j, order }) => aromatic(order) && elements[j] === 'N').length >= 2;
  };
  const a = new Uint32Array(bondList.length);
  const b = new Uint32Array(bondList.length);
  const rotatable = new Uint8Array(bondList.length);
  bondList.forEach((bond, k) => {
    a[k] = bond.a;
    b[k] = bond.b;
    rotatable[k] =
      bond.order === 1 &&
      !inRing[k] &&
      !isAmideLike(bond.a, bond.b) &&
      !isAmideLike(bond.b, bond.a) &&
      keptDegree(bond.a) > 1 &&
      keptDegree(bond.b) > 1
        ? 1
        : 0;
  });
  const bonds: PerceivedBonds = { a, b, rotatable };
  return { coords, xs, elements, bonds, warnings, numTorsions: countVinaTorsions(elements, bonds) };
}
