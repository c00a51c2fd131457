/** Vina typing of a protein from a PDB file: distance-perceived bonds, residue templates, geometry for HETATM groups. */
import {
  COVALENT_RADIUS,
  MAX_COVALENT_RADIUS,
  METAL_COVALENT_RADIUS,
  adjacency,
  perceiveBonds,
} from './bond-perception.js';
import { VINA_METALS, normaliseElement } from './atom-types.js';
import {
  isScorableElement,
  isVinaHeteroatom,
  makesPolarHydrogen,
  nitrogenAccepts,
  xsFromRoles,
} from './element-typing.js';
import { STANDARD_RESIDUES, templateHydrogens, templateNitrogenSp2 } from './residue-templates.js';
import type { VinaTypedMolecule } from './typed-molecule.js';

/** One protein atom as a PDB parser gives it. */
export interface ProteinAtomInput {
  readonly element: string;
  readonly name: string;
  readonly residueName: string;
  /** Anything that identifies the residue uniquely (chain, number, insertion code). */
  readonly residueKey: string;
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** Options of {@link typeProtein}. */
export interface ProteinTypingOptions {
  /** Leave waters (HOH, WAT) out of the receptor (default false: Vina scores whatever the receptor file holds). */
  readonly dropWaters?: boolean;
}

/**
 * Type a protein for Vina. Bonds come from Vina's own distance rule over the whole structure (residues and HETATM
 * groups alike). Donors are N and O atoms bonded to a hydrogen, or, in a receptor without any hydrogen, those the
 * residue templates protonate; nitrogen acceptors follow Open Babel's rule with sp2 taken from the template for
 * amino acids and from planarity for other groups; every oxygen accepts; metals donate.
 */
export function typeProtein(
  atoms: readonly ProteinAtomInput[],
  options: ProteinTypingOptions = {},
): VinaTypedMolecule {
  const kept = options.dropWaters
    ? atoms.filter((a) => a.residueName !== 'HOH' && a.residueName !== 'WAT')
    : atoms;
  const n = kept.length;
  const elements = kept.map((a) => normaliseElement(a.element) || guessElement(a.name));
  const coords = new Float64Array(3 * n);
  kept.forEach((a, i) => {
    coords[3 * i] = a.x;
    coords[3 * i + 1] = a.y;
    coords[3 * i + 2] = a.z;
  });
  const radius = Float64Array.from(
    elements,
    (e) => COVALENT_RADIUS[e] ?? (VINA_METALS.has(e) ? METAL_COVALENT_RADIUS : MAX_COVALENT_RADIUS),
  );
  const search = Float64Array.from(elements, (e) => COVALENT_RADIUS[e] ?? MAX_COVALENT_RADIUS);
  const bonds = perceiveBonds(coords, radius, search);
  const { offsets, neighbours } = adjacency(n, bonds);
  const warnings: string[] = [];
  const unknown = new Set(elements.filter((e) => e !== 'H' && !isScorableElement(e)));
  if (unknown.size > 0)
    warnings.push(`element(s) ${[...unknown].join(', ')} have no Vina type and are not scored`);
  // Templates fill in hydrogens only for a receptor that has none: where a file carries hydrogens, its own
  // protonation is trusted, as Vina trusts the PDBQT (a water without hydrogens then only accepts).
  const noHydrogens = !elements.includes('H');
  if (noHydrogens && n > 0) {
    warnings.push('the receptor has no hydrogens: donors taken from residue templates');
  }
  const xs = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const el = elements[i]!;
    const atom = kept[i]!;
    let hetero = false;
    let hydrogens = 0;
    let peptideBonded = false;
    for (let p = offsets[i]!; p < offsets[i + 1]!; p++) {
      const j = neighbours[p]!;
      const nel = elements[j]!;
      if (isVinaHeteroatom(nel)) hetero = true;
      if (nel === 'H' && makesPolarHydrogen(el)) hydrogens++;
      if (nel === 'C' && kept[j]!.name === 'C' && kept[j]!.residueKey !== atom.residueKey)
        peptideBonded = true;
    }
    const standard = STANDARD_RESIDUES.has(atom.residueName);
    const implied = standard && noHydrogens ? templateHydrogens(atom.residueName, atom.name) : 0;
    const degree = offsets[i + 1]! - offsets[i]! + implied;
    const donor = (el === 'N' || el === 'O') && hydrogens + implied > 0;
    let acceptor = el === 'O';
    if (el === 'N') {
      const sp2 = standard
        ? templateNitrogenSp2(atom.residueName, atom.name, peptideBonded)
        : isPlanar(coords, i, neighbours.subarray(offsets[i]!, offsets[i + 1]!));
      acceptor = nitrogenAccepts(degree, sp2);
    }
    xs[i] = xsFromRoles(el, hetero, acceptor, donor);
  }
  return { coords, xs, elements, bonds, warnings };
}

/** A three-connected atom whose bond angles add up to nearly 360 degrees is planar (sp2). */
function isPlanar(coords: Float64Array, i: number, nb: Uint32Array): boolean {
  if (nb.length !== 3) return false;
  const v = Array.from(nb, (j) => {
    const d = [0, 1, 2].map((k) => coords[3 * j + k]! - coords[3 * i + k]!);
    const len = Math.hypot(d[0]!, d[1]!, d[2]!) || 1;
    return d.map((x) => x / len);
  });
  const angle = (p: number[], q: number[]): number =>
    Math.acos(Math.max(-1, Math.min(1, p[0]! * q[0]! + p[1]! * q[1]! + p[2]! * q[2]!)));
  const sum = angle(v[0]!, v[1]!) + angle(v[1]!, v[2]!) + angle(v[0]!, v[2]!);
  return sum > (350 * Math.PI) / 180;
}

/** Element from a PDB atom name when the element column is blank: its first letter, as most tools do. */
function guessElement(name: string): string {
  const letters = name.replace(/[^A-Za-z]/g, '');
  return letters.length > 0 ? letters[0]!.toUpperCase() : '';
}
