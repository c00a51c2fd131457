/**
 * RDKit's standard-residue bond orders (ProximityBonds.cpp `StandardPDBDoubleBond`): the one double bond per
 * carbonyl, ring or guanidinium that the PDB reader sets in amino acids and nucleotides read by proximity.
 */

const BACKBONE = [['C', 'O']] as const;
const PHE_TYR = [...BACKBONE, ['CD1', 'CG'], ['CD2', 'CE2'], ['CE1', 'CZ']] as const;
const A = [
  ['C6', 'N1'],
  ['C2', 'N3'],
  ['C4', 'C5'],
  ['C8', 'N7'],
  ['OP1', 'P'],
] as const;
const G = [
  ['C6', 'O6'],
  ['C2', 'N3'],
  ['C4', 'C5'],
  ['C8', 'N7'],
  ['OP1', 'P'],
] as const;
const C = [
  ['C2', 'O2'],
  ['C4', 'N3'],
  ['C5', 'C6'],
  ['OP1', 'P'],
] as const;
const TU = [
  ['C2', 'O2'],
  ['C4', 'O4'],
  ['C5', 'C6'],
  ['OP1', 'P'],
] as const;

const TABLE: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  ...Object.fromEntries(
    ['ACE', 'ALA', 'CYS', 'GLY', 'ILE', 'LEU', 'LYS', 'MET', 'PRO', 'SER', 'THR', 'VAL'].map((r) => [
      r,
      BACKBONE,
    ]),
  ),
  ARG: [...BACKBONE, ['CZ', 'NH2']],
  ASN: [...BACKBONE, ['CG', 'OD1']],
  ASP: [...BACKBONE, ['CG', 'OD1']],
  GLN: [...BACKBONE, ['CD', 'OE1']],
  GLU: [...BACKBONE, ['CD', 'OE1']],
  HIS: [...BACKBONE, ['CD2', 'CG'], ['CE1', 'ND1']],
  PHE: PHE_TYR,
  TYR: PHE_TYR,
  TRP: [...BACKBONE, ['CD1', 'CG'], ['CD2', 'CE2'], ['CE3', 'CZ3'], ['CH2', 'CZ2']],
  A,
  DA: A,
  G,
  DG: G,
  C,
  DC: C,
  T: TU,
  DT: TU,
  U: TU,
  DU: TU,
};

const KEYS = new Map<string, Set<string>>(
  Object.entries(TABLE).map(([res, pairs]) => [res, new Set(pairs.map(([a, b]) => `${a}|${b}`))]),
);

/** True when RDKit's template makes the bond between atoms named `a` and `b` of residue `resName` double. */
export function isTemplateDoubleBond(resName: string, a: string, b: string): boolean {
  const set = KEYS.get(resName.trim());
  if (set === undefined) return false;
  return set.has(`${a}|${b}`) || set.has(`${b}|${a}`);
}
