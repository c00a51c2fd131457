/** X-Score typing from AutoDock (PDBQT) atom types, as Vina 1.2.3 does it (model::assign_types). */
import {
  COVALENT_RADIUS,
  MAX_COVALENT_RADIUS,
  METAL_COVALENT_RADIUS,
  type MobilityFn,
  perceiveBonds,
  adjacency,
} from './bond-perception.js';
import { XS } from './atom-types.js';
import type { VinaTypedMolecule } from './typed-molecule.js';

/** One atom as a PDBQT file gives it: its AutoDock type (columns 78-79) and coordinates. */
export interface AutodockAtomInput {
  readonly adType: string;
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** Element of each AutoDock type Vina 1.2.3 accepts ("Se" is read as "S", as Vina's atom_equivalence_data does). */
const AD_ELEMENT: Readonly<Record<string, string>> = Object.freeze({
  C: 'C', A: 'C', N: 'N', NA: 'N', O: 'O', OA: 'O', P: 'P', S: 'S', SA: 'S', Se: 'S', H: 'H', HD: 'H',
  F: 'F', I: 'I', Cl: 'Cl', Br: 'Br', Si: 'Si', At: 'At', Mg: 'Mg', Mn: 'Mn', Zn: 'Zn', Ca: 'Ca', Fe: 'Fe',
}); // prettier-ignore

/** Metals that are not AutoDock types but that Vina still reads, as Met_D (non_ad_metal_names). */
const NON_AD_METALS: ReadonlySet<string> = new Set(['Cu', 'Fe', 'Na', 'K', 'Hg', 'Co', 'U', 'Cd', 'Ni']);

const AD_METALS: ReadonlySet<string> = new Set(['Mg', 'Mn', 'Zn', 'Ca', 'Fe']);

/**
 * Type atoms from their AutoDock types and Vina's perceived bonds. Carbons (C, A) bonded to a heteroatom are
 * C_P, else C_H; N and O are acceptors when typed NA or OA and donors when bonded to an HD hydrogen; S is S_P;
 * halogens are hydrophobic; metals are donors (Met_D). Types Vina rejects (for example B) are left unscored with
 * a warning. `mobility` restricts bonds to atoms in the same rigid piece (the ligand's torsion tree).
 */
export function typeFromAutodock(
  atoms: readonly AutodockAtomInput[],
  mobility?: MobilityFn,
): VinaTypedMolecule {
  const n = atoms.length;
  const coords = new Float64Array(3 * n);
  const radius = new Float64Array(n);
  const search = new Float64Array(n);
  const elements: string[] = [];
  const kind: string[] = [];
  const warnings: string[] = [];
  const unknown = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const a = atoms[i]!;
    coords[3 * i] = a.x;
    coords[3 * i + 1] = a.y;
    coords[3 * i + 2] = a.z;
    const ad = a.adType.trim();
    const el = AD_ELEMENT[ad];
    if (el !== undefined) {
      kind.push(ad === 'Se' ? 'S' : ad);
      elements.push(el);
      radius[i] = search[i] = COVALENT_RADIUS[el]!;
    } else if (NON_AD_METALS.has(ad)) {
      kind.push('Met');
      elements.push(ad);
      radius[i] = METAL_COVALENT_RADIUS;
      search[i] = MAX_COVALENT_RADIUS;
    } else {
      kind.push('?');
      elements.push(ad);
      radius[i] = COVALENT_RADIUS[ad] ?? MAX_COVALENT_RADIUS;
      search[i] = MAX_COVALENT_RADIUS;
      unknown.set(ad, (unknown.get(ad) ?? 0) + 1);
    }
  }
  for (const [t, count] of unknown) {
    warnings.push(`${count} atom(s) of AutoDock type "${t}" have no Vina type and are not scored`);
  }
  const bonds = perceiveBonds(coords, radius, search, mobility);
  const { offsets, neighbours } = adjacency(n, bonds);
  const isHetero = (k: string): boolean => k !== 'C' && k !== 'A' && k !== 'H' && k !== 'HD' && k !== '?';
  const xs = new Uint8Array(n).fill(XS.NONE);
  for (let i = 0; i < n; i++) {
    const k = kind[i]!;
    let hetero = false;
    let hd = false;
    for (let p = offsets[i]!; p < offsets[i + 1]!; p++) {
      const nk = kind[neighbours[p]!]!;
      if (isHetero(nk)) hetero = true;
      if (nk === 'HD') hd = true;
    }
    xs[i] = xsOfKind(k, hetero, hd);
  }
  return { coords, xs, elements, bonds, warnings };
}

function xsOfKind(k: string, hetero: boolean, hd: boolean): number {
  switch (k) {
    case 'C':
    case 'A':
      return hetero ? XS.C_P : XS.C_H;
    case 'N':
    case 'NA': {
      const acc = k === 'NA';
      return acc && hd ? XS.N_DA : acc ? XS.N_A : hd ? XS.N_D : XS.N_P;
    }
    case 'O':
    case 'OA': {
      const acc = k === 'OA';
      return acc && hd ? XS.O_DA : acc ? XS.O_A : hd ? XS.O_D : XS.O_P;
    }
    case 'S':
    case 'SA':
      return XS.S_P;
    case 'P':
      return XS.P_P;
    case 'F':
      return XS.F_H;
    case 'Cl':
      return XS.Cl_H;
    case 'Br':
      return XS.Br_H;
    case 'I':
      return XS.I_H;
    case 'Si':
      return XS.Si;
    case 'At':
      return XS.At;
    case 'Met':
      return XS.Met_D;
    default:
      return AD_METALS.has(k) ? XS.Met_D : XS.NONE;
  }
}
