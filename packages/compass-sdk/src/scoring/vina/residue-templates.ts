/** Residue templates: what a PDB atom name tells about hydrogens and hybridisation when the file has no hydrogens. */

/** Amino-acid and water residue names the templates know. */
export const STANDARD_RESIDUES: ReadonlySet<string> = new Set([
  'ALA', 'ARG', 'ASN', 'ASP', 'CYS', 'GLN', 'GLU', 'GLY', 'HIS', 'HID', 'HIE', 'HIP', 'HSD', 'HSE', 'HSP',
  'ILE', 'LEU', 'LYS', 'MET', 'PHE', 'PRO', 'SER', 'THR', 'TRP', 'TYR', 'VAL', 'ASH', 'GLH', 'LYN', 'CYX', 'CYM',
  'HOH', 'WAT',
]); // prettier-ignore

/** Hydrogens on polar side-chain atoms at pH 7 (histidine as its N-epsilon tautomer unless named HID/HIP). */
const SIDE_CHAIN_H: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  ARG: { NE: 1, NH1: 2, NH2: 2 },
  ASN: { ND2: 2 },
  GLN: { NE2: 2 },
  HIS: { NE2: 1 },
  HIE: { NE2: 1 },
  HSE: { NE2: 1 },
  HID: { ND1: 1 },
  HSD: { ND1: 1 },
  HIP: { ND1: 1, NE2: 1 },
  HSP: { ND1: 1, NE2: 1 },
  LYS: { NZ: 3 },
  LYN: { NZ: 2 },
  TRP: { NE1: 1 },
  SER: { OG: 1 },
  THR: { OG1: 1 },
  TYR: { OH: 1 },
  ASH: { OD2: 1 },
  GLH: { OE2: 1 },
  HOH: { O: 2 },
  WAT: { O: 2 },
};

/** Side-chain nitrogens that are sp2 (amide, guanidinium, aromatic ring). */
const SP2_SIDE_CHAIN_N: ReadonlySet<string> = new Set(['NE', 'NH1', 'NH2', 'ND2', 'NE2', 'ND1', 'NE1']);

/** Hydrogens a residue template implies on one atom (used only when the residue carries no hydrogen). */
export function templateHydrogens(residueName: string, atomName: string): number {
  if (atomName === 'N' && residueName !== 'HOH' && residueName !== 'WAT')
    return residueName === 'PRO' ? 0 : 1;
  return SIDE_CHAIN_H[residueName]?.[atomName] ?? 0;
}

/**
 * Whether a template nitrogen is sp2: the backbone amide nitrogen (when it is bonded to the previous residue's
 * carbonyl) and the amide, guanidinium and ring nitrogens of the side chains. Lysine NZ and a free N-terminus are sp3.
 */
export function templateNitrogenSp2(residueName: string, atomName: string, peptideBonded: boolean): boolean {
  if (atomName === 'N') return peptideBonded;
  return residueName !== 'LYS' && residueName !== 'LYN' && SP2_SIDE_CHAIN_N.has(atomName);
}
