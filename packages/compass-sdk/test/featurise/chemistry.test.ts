/**
 * chemistry/ pieces against RDKit 2022.09 (expected values read from Debian's python3-rdkit 2022.09.3 for the
 * same molecules): sanitisation per atom, proximity bonding, residue templates, kekulisation, the periodic table.
 */
import { describe, expect, it } from 'vitest';
import {
  BondList,
  BondType,
  type ChemistryError,
  addProximityBonds,
  covalentRadius,
  defaultValence,
  hybridisationName,
  isBlacklistedPair,
  isChemistryError,
  isTemplateDoubleBond,
  kekulize,
  moreElectronegative,
  outerElectrons,
  pdbMolecule,
  sanitize,
  valenceList,
  type PdbMoleculeAtoms,
} from '../../src/chemistry/index.js';
import { atomicNumber } from '../../src/structure/elements.js';

type Row = [
  symbol: string,
  degree: number,
  implicitValence: number,
  totalHs: number,
  hyb: string,
  aromatic: number,
];

/** A Kekule molecule from symbols, [i, j, order] bonds (0 = ZERO) and charges. */
function mol(symbols: string[], bonds: [number, number, number][], charges: Record<number, number> = {}) {
  const z = Uint8Array.from(symbols, atomicNumber);
  const q = Int8Array.from(symbols, (_, i) => charges[i] ?? 0);
  const list = new BondList(symbols.length);
  for (const [i, j, o] of bonds) list.add(i, j, o as BondType);
  return list.toGraph(z, q);
}

function rows(
  symbols: string[],
  bonds: [number, number, number][],
  charges: Record<number, number> = {},
): Row[] {
  const m = sanitize(mol(symbols, bonds, charges));
  return symbols.map((s, a) => [
    s,
    m.degree[a]!,
    m.implicitValence[a]!,
    m.totalHs[a]!,
    hybridisationName(m.hybridisation[a]!),
    m.aromatic[a]!,
  ]);
}

const ring = (n: number, orders: number[]): [number, number, number][] =>
  orders.map((o, k) => [k, (k + 1) % n, o]);

describe('sanitize (RDKit 2022.09 semantics)', () => {
  it('benzene and pyridine: aromatic sp2, pyridine N without H', () => {
    expect(rows(['C', 'C', 'C', 'C', 'C', 'C'], ring(6, [2, 1, 2, 1, 2, 1]))).toEqual(
      Array(6).fill(['C', 2, 1, 1, 'SP2', 1]),
    );
    expect(rows(['C', 'C', 'C', 'N', 'C', 'C'], ring(6, [2, 1, 2, 1, 2, 1]))[3]).toEqual([
      'N',
      2,
      0,
      0,
      'SP2',
      1,
    ]);
  });

  it('pyrrole N keeps its H as explicit after adjustHs (implicit valence 0, total H 1)', () => {
    expect(rows(['C', 'C', 'C', 'C', 'N'], ring(5, [2, 1, 2, 1, 1]))).toEqual([
      ['C', 2, 1, 1, 'SP2', 1],
      ['C', 2, 1, 1, 'SP2', 1],
      ['C', 2, 1, 1, 'SP2', 1],
      ['C', 2, 1, 1, 'SP2', 1],
      ['N', 2, 0, 1, 'SP2', 1],
    ]);
  });

  it('furan and thiophene heteroatoms are aromatic two-electron donors', () => {
    expect(rows(['C', 'C', 'C', 'C', 'O'], ring(5, [2, 1, 2, 1, 1]))[4]).toEqual(['O', 2, 0, 0, 'SP2', 1]);
    expect(rows(['C', 'C', 'C', 'C', 'S'], ring(5, [2, 1, 2, 1, 1]))[4]).toEqual(['S', 2, 0, 0, 'SP2', 1]);
  });

  it('cyclopentadiene is not aromatic; 2-pyridone is (exocyclic C=O gives a vacant donor)', () => {
    expect(rows(['C', 'C', 'C', 'C', 'C'], ring(5, [2, 1, 2, 1, 1]))[4]).toEqual(['C', 2, 2, 2, 'SP3', 0]);
    const pyridone = rows(
      ['O', 'C', 'C', 'C', 'C', 'C', 'N'],
      [
        [0, 1, 2],
        [1, 2, 1],
        [2, 3, 2],
        [3, 4, 1],
        [4, 5, 2],
        [5, 6, 1],
        [6, 1, 1],
      ],
    );
    expect(pyridone[0]).toEqual(['O', 1, 0, 0, 'SP2', 0]);
    expect(pyridone[1]).toEqual(['C', 3, 0, 0, 'SP2', 1]);
    expect(pyridone[6]).toEqual(['N', 2, 0, 1, 'SP2', 1]);
  });

  it('naphthalene: fusion carbons aromatic without H', () => {
    const r = rows(
      ['C', 'C', 'C', 'C', 'C', 'C', 'C', 'C', 'C', 'C'],
      [
        [0, 1, 2],
        [1, 2, 1],
        [2, 3, 2],
        [3, 4, 1],
        [4, 5, 2],
        [5, 6, 1],
        [6, 7, 2],
        [7, 8, 1],
        [8, 9, 2],
        [9, 0, 1],
        [8, 3, 1],
      ],
    );
    expect(r[3]).toEqual(['C', 3, 0, 0, 'SP2', 1]);
    expect(r[8]).toEqual(['C', 3, 0, 0, 'SP2', 1]);
    expect(r.filter((x) => x[5] === 1).length).toBe(10);
  });

  it('acetamide N and carboxylate O- are sp2 through conjugation; acetonitrile is sp', () => {
    expect(
      rows(
        ['C', 'C', 'O', 'N'],
        [
          [0, 1, 1],
          [1, 2, 2],
          [1, 3, 1],
        ],
      ),
    ).toEqual([
      ['C', 1, 3, 3, 'SP3', 0],
      ['C', 3, 0, 0, 'SP2', 0],
      ['O', 1, 0, 0, 'SP2', 0],
      ['N', 1, 2, 2, 'SP2', 0],
    ]);
    expect(
      rows(
        ['C', 'C', 'O', 'O'],
        [
          [0, 1, 1],
          [1, 2, 2],
          [1, 3, 1],
        ],
        { 3: -1 },
      )[3],
    ).toEqual(['O', 1, 0, 0, 'SP2', 0]);
    expect(
      rows(
        ['C', 'C', 'N'],
        [
          [0, 1, 1],
          [1, 2, 3],
        ],
      ).slice(1),
    ).toEqual([
      ['C', 2, 0, 0, 'SP', 0],
      ['N', 1, 0, 0, 'SP', 0],
    ]);
  });

  it('a neutral nitro N(=O)=O is cleaned up to [N+](=O)[O-] (RDKit cleanUp)', () => {
    const m = sanitize(
      mol(
        ['C', 'N', 'O', 'O'],
        [
          [0, 1, 1],
          [1, 2, 2],
          [1, 3, 2],
        ],
      ),
    );
    expect(Array.from(m.graph.formalCharge)).toEqual([0, 1, -1, 0]);
    expect(hybridisationName(m.hybridisation[1]!)).toBe('SP2');
  });

  it('methylphosphonic acid: P=O sp2 O, P-OH sp3 O with one H', () => {
    const r = rows(
      ['C', 'P', 'O', 'O', 'O'],
      [
        [0, 1, 1],
        [1, 2, 2],
        [1, 3, 1],
        [1, 4, 1],
      ],
    );
    expect(r.slice(1)).toEqual([
      ['P', 4, 0, 0, 'SP3', 0],
      ['O', 1, 0, 0, 'SP2', 0],
      ['O', 1, 1, 1, 'SP3', 0],
      ['O', 1, 1, 1, 'SP3', 0],
    ]);
  });

  it('a ZERO bond (metal CONECT) counts in the degree only: His NE2 on Zn is aromatic sp3 with one H', () => {
    const r = rows(
      ['C', 'C', 'N', 'C', 'N', 'Zn'],
      [
        [0, 1, 2],
        [1, 2, 1],
        [2, 3, 1],
        [3, 4, 2],
        [4, 0, 1],
        [2, 5, 0],
      ],
    );
    expect(r[2]).toEqual(['N', 3, 0, 1, 'SP3', 1]);
    expect(r[4]).toEqual(['N', 2, 0, 0, 'SP2', 1]);
    expect(r[5]).toEqual(['Zn', 1, 0, 0, 'S', 0]);
  });

  it('a lone Mg takes two implicit H (valence list [2, -1]) and is SP', () => {
    expect(rows(['Mg'], [])).toEqual([['Mg', 0, 2, 2, 'SP', 0]]);
  });

  it('refuses O- with a double bond (the jacs_set/cdk2 GLU OE1) naming the atom', () => {
    let err: unknown;
    try {
      sanitize(
        mol(
          ['C', 'C', 'O', 'O'],
          [
            [0, 1, 1],
            [1, 2, 2],
            [1, 3, 1],
          ],
          { 2: -1 },
        ),
      );
    } catch (e) {
      err = e;
    }
    expect(isChemistryError(err)).toBe(true);
    expect((err as ChemistryError).code).toBe('CHEM_VALENCE');
    expect((err as ChemistryError).atom).toBe(2);
  });
});

function pdbAtoms(
  names: string[],
  symbols: string[],
  coords: number[],
  residue: number[],
  resName: string[],
  charge: number[] = [],
): PdbMoleculeAtoms {
  const n = names.length;
  return {
    count: n,
    atomicNumber: Uint8Array.from(symbols, atomicNumber),
    formalCharge: Int8Array.from({ length: n }, (_, i) => charge[i] ?? 0),
    coords: Float32Array.from(coords),
    name: names,
    resName,
    hetatm: new Uint8Array(n),
    residueKey: Int32Array.from(residue),
    water: Uint8Array.from(resName, (r) => (r === 'HOH' ? 1 : 0)),
  };
}

describe('PDB reader emulation', () => {
  it('bonds by proximity up to r_i + r_j + 0.45 A (C-C 1.81 A), never to a metal in another residue', () => {
    const atoms = pdbAtoms(
      ['C1', 'C2', 'C3', 'NE2', 'ZN'],
      ['C', 'C', 'C', 'N', 'Zn'],
      [0, 0, 0, 1.81, 0, 0, 1.81, 1.812, 0, 10, 0, 0, 12, 0, 0],
      [0, 0, 0, 1, 2],
      ['UNL', 'UNL', 'UNL', 'HIS', 'ZN'],
    );
    const bonds = new BondList(5);
    addProximityBonds(atoms.coords, atoms.atomicNumber, atoms, bonds);
    expect(bonds.count).toBe(1);
    expect(bonds.ends(0)).toEqual([1, 0]);
    expect(isBlacklistedPair(atoms.atomicNumber, atoms, 3, 4)).toBe(true);
    expect(isBlacklistedPair(atoms.atomicNumber, atoms, 0, 1)).toBe(false);
  });

  it('a CONECT link to a metal in another residue is a ZERO bond; a neutral four-valent N becomes N+', () => {
    const atoms = pdbAtoms(
      ['NE2', 'ZN', 'N', 'C1', 'C2', 'C3'],
      ['N', 'Zn', 'N', 'C', 'C', 'C'],
      [0, 0, 0, 2.1, 0, 0, 10, 10, 10, 11.47, 10, 10, 10, 11.47, 10, 10, 10, 11.47],
      [0, 1, 2, 2, 2, 2],
      ['HIS', 'ZN', 'UNL', 'UNL', 'UNL', 'UNL'],
    );
    const g = pdbMolecule(atoms, [
      { i: 0, j: 1, order: 1 },
      { i: 2, j: 3, order: 2 },
    ]);
    const zn = [...Array(g.bondCount).keys()].find((b) => g.bondBegin[b] === 0 && g.bondEnd[b] === 1)!;
    expect(g.bondType[zn]).toBe(BondType.ZERO);
    expect(g.formalCharge[2]).toBe(1); // N=C, N-C, N-C: valence 4
  });

  it('residue templates: ARG CZ=NH2, PHE CD1=CG, GLU CD=OE1, backbone C=O; nothing for OE2', () => {
    expect(isTemplateDoubleBond('ARG', 'CZ', 'NH2')).toBe(true);
    expect(isTemplateDoubleBond('ARG', 'CZ', 'NH1')).toBe(false);
    expect(isTemplateDoubleBond('PHE', 'CG', 'CD1')).toBe(true);
    expect(isTemplateDoubleBond('GLU', 'CD', 'OE1')).toBe(true);
    expect(isTemplateDoubleBond('GLU', 'CD', 'OE2')).toBe(false);
    expect(isTemplateDoubleBond('GLY', 'C', 'O')).toBe(true);
    expect(isTemplateDoubleBond('UNL', 'C', 'O')).toBe(false);
  });
});

describe('kekulize', () => {
  it('gives benzene three alternating double bonds', () => {
    const r = kekulize({
      atomCount: 6,
      needsDouble: new Uint8Array(6).fill(1),
      begin: [0, 1, 2, 3, 4, 5],
      end: [1, 2, 3, 4, 5, 0],
    });
    expect(r.complete).toBe(true);
    expect(Array.from(r.order).filter((o) => o === 2).length).toBe(3);
    for (let k = 0; k < 6; k++) expect(r.order[k]! + r.order[(k + 1) % 6]!).toBe(3);
  });

  it('reports a system with no Kekule form (a guanidinium C alone needs a double bond)', () => {
    const needs = Uint8Array.from([1, 0, 0, 0]);
    const r = kekulize({ atomCount: 4, needsDouble: needs, begin: [0, 0, 0], end: [1, 2, 3] });
    expect(r.complete).toBe(false);
    expect(Array.from(r.order)).toEqual([1, 1, 1]);
  });
});

describe('periodic table (RDKit 2022.09 atomic_data)', () => {
  it('has RDKit covalent radii, outer electrons, valences and its electronegativity order', () => {
    expect([6, 7, 8, 16, 30].map(covalentRadius)).toEqual([0.68, 0.68, 0.68, 1.02, 1.45]);
    expect([6, 7, 8, 15, 30].map(outerElectrons)).toEqual([4, 5, 6, 5, 2]);
    expect(valenceList(15)).toEqual([3, 5, 7]);
    expect(valenceList(12)).toEqual([2, -1]);
    expect(defaultValence(30)).toBe(-1);
    expect(moreElectronegative(8, 7)).toBe(true);
    expect(moreElectronegative(7, 15)).toBe(true);
    expect(moreElectronegative(6, 7)).toBe(false);
  });
});
