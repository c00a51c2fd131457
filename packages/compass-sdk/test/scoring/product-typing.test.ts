/** Typing from a ligand's own bond table and from a protein's residues, without Open Babel. */
import { describe, expect, it } from 'vitest';
import { XS, typeLigandFromBonds, typeProtein } from '../../src/scoring/index.js';

// Acetamide CH3-C(=O)-NH2 with explicit hydrogens; coordinates are only needed for distance-free typing here.
const acetamide = {
  elements: ['C', 'C', 'O', 'N', 'H', 'H', 'H', 'H', 'H'],
  coords: new Array(27).fill(0).map((_, k) => k * 0.37),
  bonds: [
    { a: 0, b: 1, order: 1 },
    { a: 1, b: 2, order: 2 },
    { a: 1, b: 3, order: 1 },
    { a: 0, b: 4, order: 1 },
    { a: 0, b: 5, order: 1 },
    { a: 0, b: 6, order: 1 },
    { a: 3, b: 7, order: 1 },
    { a: 3, b: 8, order: 1 },
  ],
};

describe('typeLigandFromBonds', () => {
  it('types acetamide: hydrophobic methyl, polar carbonyl C, acceptor O, donor-only amide N, no torsion', () => {
    const lig = typeLigandFromBonds(acetamide);
    expect(Array.from(lig.xs.slice(0, 4))).toEqual([XS.C_H, XS.C_P, XS.O_A, XS.N_D]);
    expect(Array.from(lig.xs.slice(4))).toEqual([XS.NONE, XS.NONE, XS.NONE, XS.NONE, XS.NONE]);
    expect(lig.numTorsions).toBe(0);
    expect(lig.warnings).toEqual([]);
  });

  it('counts Vina torsions over Open Babel rotors: butanol has C-C, C-C and C-O (a half)', () => {
    // C0-C1-C2-C3-O4-H5, methyl hydrogens omitted on purpose: the terminal methyl rotor does not count either way
    const lig = typeLigandFromBonds({
      elements: ['C', 'C', 'C', 'C', 'O', 'H'],
      coords: new Array(18).fill(0),
      bonds: [
        { a: 0, b: 1, order: 1 },
        { a: 1, b: 2, order: 1 },
        { a: 2, b: 3, order: 1 },
        { a: 3, b: 4, order: 1 },
        { a: 4, b: 5, order: 1 },
      ],
    });
    expect(lig.numTorsions).toBe(2.5);
    expect(lig.xs[4]).toBe(XS.O_DA);
  });

  it('keeps ring bonds and amidine C-N bonds rigid, and types a sulfonamide N as an acceptor', () => {
    // cyclopropane ring C0-C1-C2 plus amidine C3(=N4)-N5H2 on C0, and sulfonamide S6(=O7)(=O8)-N9H-C10
    const lig = typeLigandFromBonds({
      elements: ['C', 'C', 'C', 'C', 'N', 'N', 'H', 'H', 'S', 'O', 'O', 'N', 'H', 'C'],
      coords: new Array(42).fill(0),
      bonds: [
        { a: 0, b: 1, order: 1 },
        { a: 1, b: 2, order: 1 },
        { a: 2, b: 0, order: 1 },
        { a: 0, b: 3, order: 1 },
        { a: 3, b: 4, order: 2 },
        { a: 3, b: 5, order: 1 },
        { a: 5, b: 6, order: 1 },
        { a: 5, b: 7, order: 1 },
        { a: 1, b: 8, order: 1 },
        { a: 8, b: 9, order: 2 },
        { a: 8, b: 10, order: 2 },
        { a: 8, b: 11, order: 1 },
        { a: 11, b: 12, order: 1 },
        { a: 11, b: 13, order: 1 },
      ],
    });
    const rot = Array.from(lig.bonds.rotatable);
    expect(rot.slice(0, 3)).toEqual([0, 0, 0]);
    expect(rot[5]).toBe(0); // amidine C3-N5
    expect(rot[4 - 1]).toBe(1); // C0-C3
    expect(lig.xs[11]).toBe(XS.N_DA);
    expect(lig.xs[5]).toBe(XS.N_D);
  });

  it('infers donors from valences when the ligand has no hydrogens, with a warning', () => {
    const lig = typeLigandFromBonds({
      elements: ['C', 'O', 'N'],
      coords: new Array(9).fill(0),
      bonds: [
        { a: 0, b: 1, order: 1 },
        { a: 0, b: 2, order: 1 },
      ],
    });
    expect(Array.from(lig.xs)).toEqual([XS.C_P, XS.O_DA, XS.N_DA]);
    expect(lig.warnings).toEqual(['the ligand has no hydrogens: donors inferred from valences']);
  });

  it('perceives bonds from distances for a ligand without bonds, and leaves boron unscored', () => {
    const lig = typeLigandFromBonds({
      elements: ['C', 'O', 'B'],
      coords: [0, 0, 0, 1.43, 0, 0, -1.55, 0, 0],
      bonds: [],
    });
    expect(Array.from(lig.bonds.a)).toEqual([0, 0]);
    expect(Array.from(lig.bonds.b)).toEqual([1, 2]);
    expect(Array.from(lig.xs)).toEqual([XS.C_P, XS.O_DA, XS.NONE]);
    expect(lig.warnings).toEqual([
      'the ligand has no bonds: bonds perceived from distances, all taken as single',
      'element(s) B have no Vina type and are not scored',
      'the ligand has no hydrogens: donors inferred from valences',
    ]);
  });
});

describe('typeProtein', () => {
  const atom = (
    name: string,
    element: string,
    residueName: string,
    key: string,
    x: number,
    y = 0,
    z = 0,
  ) => ({
    name,
    element,
    residueName,
    residueKey: key,
    x,
    y,
    z,
  });

  it('uses residue templates for donors when the protein has no hydrogens, with a warning', () => {
    // a serine side chain CB-OG, a lysine NZ next to CE, and a water
    const p = typeProtein([
      atom('CB', 'C', 'SER', 'A1', 0),
      atom('OG', 'O', 'SER', 'A1', 1.43),
      atom('CE', 'C', 'LYS', 'A2', 10),
      atom('NZ', 'N', 'LYS', 'A2', 11.47),
      atom('O', 'O', 'HOH', 'W1', 20),
      atom('ZN', 'ZN', 'ZN', 'Z1', 30),
      atom('CA', 'C', 'ALA', 'A3', 40),
    ]);
    expect(Array.from(p.xs)).toEqual([XS.C_P, XS.O_DA, XS.C_P, XS.N_D, XS.O_DA, XS.Met_D, XS.C_H]);
    expect(p.warnings).toEqual(['the receptor has no hydrogens: donors taken from residue templates']);
  });

  it('trusts explicit hydrogens: a water without them only accepts, a neutral lysine NZ accepts and donates', () => {
    const p = typeProtein([
      atom('NZ', 'N', 'LYS', 'A2', 0),
      atom('CE', 'C', 'LYS', 'A2', -1.47),
      atom('HZ1', 'H', 'LYS', 'A2', 0.35, 0.95),
      atom('HZ2', 'H', 'LYS', 'A2', 0.35, -0.48, 0.82),
      atom('O', 'O', 'HOH', 'W1', 20),
    ]);
    expect(Array.from(p.xs)).toEqual([XS.N_DA, XS.C_P, XS.NONE, XS.NONE, XS.O_A]);
    expect(p.warnings).toEqual([]);
  });

  it('can drop waters', () => {
    const p = typeProtein([atom('O', 'O', 'HOH', 'W1', 20), atom('CA', 'C', 'GLY', 'A1', 0)], {
      dropWaters: true,
    });
    expect(Array.from(p.xs)).toEqual([XS.C_H]);
  });
});
