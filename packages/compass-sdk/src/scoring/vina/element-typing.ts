/** X-Score types from elements and chemical roles, shared by the ligand and protein typing of the product path. */
import { VINA_METALS, XS } from './atom-types.js';

/** Elements Vina can score (Se is read as S, as Vina's atom_equivalence_data does). */
const SCORABLE: ReadonlySet<string> = new Set([
  'C',
  'N',
  'O',
  'S',
  'Se',
  'P',
  'F',
  'Cl',
  'Br',
  'I',
  'Si',
  'At',
]);

/** Whether Vina scores atoms of this element (hydrogens are not scored; unknown elements and boron are not). */
export function isScorableElement(el: string): boolean {
  return SCORABLE.has(el) || VINA_METALS.has(el);
}

/**
 * Whether a neighbour of this element makes a carbon polar (C_P) in Vina: every AutoDock type other than carbon
 * and hydrogen counts, metals included.
 */
export function isVinaHeteroatom(el: string): boolean {
  return el !== 'C' && el !== 'H' && isScorableElement(el);
}

/** Whether a hydrogen bonded to this element is polar (AutoDock HD): N, O, S and P hydrogens, as Open Babel marks them. */
export function makesPolarHydrogen(el: string): boolean {
  return el === 'N' || el === 'O' || el === 'S' || el === 'P';
}

/**
 * The X-Score type of an atom from its element and roles: carbons are polar next to a heteroatom; N and O take
 * their acceptor and donor roles; S, P and halogens have one type each; metals are donors; anything else
 * (hydrogen, boron, unknown elements) is {@link XS}.NONE.
 */
export function xsFromRoles(
  el: string,
  nextToHeteroatom: boolean,
  acceptor: boolean,
  donor: boolean,
): number {
  switch (el) {
    case 'C':
      return nextToHeteroatom ? XS.C_P : XS.C_H;
    case 'N':
      return acceptor && donor ? XS.N_DA : acceptor ? XS.N_A : donor ? XS.N_D : XS.N_P;
    case 'O':
      return acceptor && donor ? XS.O_DA : acceptor ? XS.O_A : donor ? XS.O_D : XS.O_P;
    case 'S':
    case 'Se':
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
    default:
      return VINA_METALS.has(el) ? XS.Met_D : XS.NONE;
  }
}

/**
 * Open Babel's nitrogen acceptor rule, which decides AutoDock's NA against N: a nitrogen accepts unless it has four
 * neighbours (ammonium) or three neighbours and is sp2 (amide, aniline, aromatic NH).
 */
export function nitrogenAccepts(degree: number, sp2: boolean): boolean {
  return !(degree >= 4 || (degree === 3 && sp2));
}
