/** Vina's X-Score typing from AutoDock types, bond perception and the torsion count. */
import { describe, expect, it } from 'vitest';
import {
  XS,
  countVinaTorsions,
  perceiveVinaBonds,
  torsionTreeMobility,
  typeFromAutodock,
  VinaMobility,
} from '../../src/scoring/index.js';

const at = (adType: string, x: number, y = 0, z = 0) => ({ adType, x, y, z });

describe('typeFromAutodock', () => {
  it('makes a carbon polar next to a heteroatom and hydrophobic otherwise', () => {
    // C-C-O-H chain: C1 only bonded to C2 (C_H), C2 bonded to O (C_P), O bonded to HD (O_DA)
    const mol = typeFromAutodock([at('C', 0), at('C', 1.52), at('OA', 2.95), at('HD', 3.9)]);
    expect(Array.from(mol.xs)).toEqual([XS.C_H, XS.C_P, XS.O_DA, XS.NONE]);
    expect(mol.warnings).toEqual([]);
  });

  it('types N and NA by acceptor flag and bonded HD', () => {
    const mol = typeFromAutodock([
      at('NA', 0),
      at('N', 10),
      at('HD', 11.0),
      at('NA', 20),
      at('HD', 21.0),
      at('N', 30),
    ]);
    expect(Array.from(mol.xs)).toEqual([XS.N_A, XS.N_D, XS.NONE, XS.N_DA, XS.NONE, XS.N_P]);
  });

  it('types an O without acceptor flag as O_P, and SA, halogens and metals', () => {
    const mol = typeFromAutodock([
      at('O', 0),
      at('SA', 10),
      at('F', 20),
      at('Cl', 30),
      at('Br', 40),
      at('I', 50),
      at('Zn', 60),
      at('Na', 70),
      at('P', 80),
    ]);
    expect(Array.from(mol.xs)).toEqual([
      XS.O_P,
      XS.S_P,
      XS.F_H,
      XS.Cl_H,
      XS.Br_H,
      XS.I_H,
      XS.Met_D,
      XS.Met_D,
      XS.P_P,
    ]);
  });

  it('leaves boron and unknown types unscored with a warning', () => {
    const mol = typeFromAutodock([at('C', 0), at('B', 1.6), at('Xx', 10)]);
    expect(Array.from(mol.xs)).toEqual([XS.C_H, XS.NONE, XS.NONE]);
    expect(mol.warnings).toEqual([
      '1 atom(s) of AutoDock type "B" have no Vina type and are not scored',
      '1 atom(s) of AutoDock type "Xx" have no Vina type and are not scored',
    ]);
  });

  it('makes a carbon next to a metal polar, as Vina counts metals as heteroatoms', () => {
    const mol = typeFromAutodock([at('C', 0), at('Zn', 2.0)]);
    expect(mol.xs[0]).toBe(XS.C_P);
  });
});

describe('perceiveVinaBonds', () => {
  it('bonds within 1.1 x the covalent radii sum and skips pairs with an atom between them', () => {
    const coords = Float64Array.from([0, 0, 0, 1.6, 0, 0, 0.8, 0.3, 0]);
    const radius = Float64Array.from([0.77, 0.77, 0.37]);
    const bonds = perceiveVinaBonds(coords, radius);
    const pairs = Array.from(bonds.a, (a, k) => [a, bonds.b[k]]);
    expect(pairs).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it('does not bond atoms that move relative to each other', () => {
    const coords = Float64Array.from([0, 0, 0, 1.5, 0, 0]);
    const radius = Float64Array.from([0.77, 0.77]);
    expect(perceiveVinaBonds(coords, radius, radius, () => VinaMobility.VARIABLE).a.length).toBe(0);
    const rotor = perceiveVinaBonds(coords, radius, radius, () => VinaMobility.ROTOR);
    expect(Array.from(rotor.rotatable)).toEqual([1]);
  });
});

describe('torsion tree and torsion count', () => {
  // ROOT: C0 C1; BRANCH 1->2: O2 H3 (a hydroxyl); BRANCH 1->4: C4 C5 (an ethyl)
  const atoms = [
    at('C', 0),
    at('C', 1.52),
    at('OA', 2.0, 1.35),
    at('HD', 2.9, 1.5),
    at('C', 2.1, -1.4),
    at('C', 3.6, -1.4),
  ];
  const tree = {
    nodeOf: [0, 0, 1, 1, 2, 2],
    branches: [
      { node: 1, axisBegin: 1, axisEnd: 2 },
      { node: 2, axisBegin: 1, axisEnd: 4 },
    ],
  };

  it('fixes atoms within a piece, makes the axis a rotor and lets other pairs vary', () => {
    const m = torsionTreeMobility(tree);
    expect(m(0, 1)).toBe(VinaMobility.FIXED);
    expect(m(1, 2)).toBe(VinaMobility.ROTOR);
    expect(m(1, 3)).toBe(VinaMobility.FIXED);
    expect(m(0, 2)).toBe(VinaMobility.FIXED);
    expect(m(0, 3)).toBe(VinaMobility.VARIABLE);
    expect(m(2, 4)).toBe(VinaMobility.FIXED);
    expect(m(3, 5)).toBe(VinaMobility.VARIABLE);
  });

  it('counts half a torsion for the hydroxyl rotor and one for the ethyl rotor', () => {
    const mol = typeFromAutodock(atoms, torsionTreeMobility(tree));
    expect(Array.from(mol.bonds.rotatable).filter(Boolean).length).toBe(2);
    expect(countVinaTorsions(mol.elements, mol.bonds)).toBe(1.5);
  });

  it('folds a branch holding a single atom into its parent (no rotor)', () => {
    const m = torsionTreeMobility({ nodeOf: [0, 0, 1], branches: [{ node: 1, axisBegin: 1, axisEnd: 2 }] });
    expect(m(1, 2)).toBe(VinaMobility.FIXED);
  });
});
