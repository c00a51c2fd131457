/** SDF (V2000, V3000, many records, data items, skipped records) and MOL2 parsing. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLigands, parseMol2, parseSdf } from '../../src/structure/index.js';

const V2000 = `water
  test

  3  2  0  0  0  0  0  0  0  0999 V2000
    0.0000    0.0000    0.0000 O   0  5
    0.9572    0.0000    0.0000 H   0  0
   -0.2400    0.9266    0.0000 H   0  0
  1  2  1  0
  1  3  1  0
M  CHG  1   1  -1
M  END
> <r_exp_dg>
-9.5

> <note>
two
lines

$$$$
`;

const V3000 = `v3
  test

  0  0  0     0  0            999 V3000
M  V30 BEGIN CTAB
M  V30 COUNTS 2 1 0 0 0
M  V30 BEGIN ATOM
M  V30 1 C 0 0 0 0
M  V30 2 N 1.4 0 -
M  V30 0 0 CHG=1
M  V30 END ATOM
M  V30 BEGIN BOND
M  V30 1 3 1 2
M  V30 END BOND
M  V30 END CTAB
M  END
$$$$
`;

describe('parseSdf', () => {
  it('reads V2000 atoms, bonds, M  CHG and multi-line data items', () => {
    const f = parseSdf(V2000, { source: 'w.sdf' });
    const r = f.records[0]!;
    expect(r.name).toBe('water');
    expect(r.atoms.element).toEqual(['O', 'H', 'H']);
    expect(Array.from(r.atoms.formalCharge)).toEqual([-1, 0, 0]);
    expect(Array.from(r.bonds.to)).toEqual([1, 2]);
    expect(r.data).toEqual({ r_exp_dg: '-9.5', note: 'two\nlines' });
  });

  it('reads V3000 with continuation lines', () => {
    const r = parseSdf(V3000).records[0]!;
    expect(r.version).toBe('V3000');
    expect(Array.from(r.atoms.coords)).toEqual([0, 0, 0, Math.fround(1.4), 0, 0]);
    expect(Array.from(r.atoms.formalCharge)).toEqual([0, 1]);
    expect(Array.from(r.bonds.order)).toEqual([3]);
  });

  it('skips a bad record to its $$$$ and reports it with line and record', () => {
    const bad = V2000.replace('0.9572', 'abcdef');
    const f = parseSdf(V2000 + bad + V3000, { source: 'm.sdf' });
    expect(f.records.map((r) => r.index)).toEqual([0, 2]);
    expect(f.recordCount).toBe(3);
    expect(f.diagnostics).toHaveLength(1);
    expect(f.diagnostics[0]).toMatchObject({
      severity: 'error',
      code: 'SDF_RECORD_SKIPPED',
      record: 1,
      line: 25,
    });
    expect(f.diagnostics[0]!.message).toContain('m.sdf:25');
  });

  it('reads all 7 tyk2 records with their r_exp_dg', () => {
    const f = parseLigands(readFileSync(new URL('../fixtures/structure/tyk2_ligands.sdf', import.meta.url)), {
      source: 'tyk2_ligands.sdf',
    });
    expect(f.records).toHaveLength(7);
    expect(f.records[0]!.data.r_exp_dg).toBe('-9.79');
    expect(f.records.every((r) => r.atoms.count > 20)).toBe(true);
  });
});

const MOL2 = `@<TRIPOS>MOLECULE
lig
 3 2 1 0 0
SMALL
USER_CHARGES

@<TRIPOS>ATOM
      1 C1          0.0000    0.0000    0.0000 C.ar    1  LIG1       -0.1000
      2 N1          1.4000    0.0000    0.0000 N.am    1  LIG1        0.2000
      3 CL1         2.8000    0.0000    0.0000 Cl      1  LIG1       -0.1000
@<TRIPOS>BOND
     1     1     2   am
     2     2     3    1
@<TRIPOS>SUBSTRUCTURE
     1 LIG1        1 GROUP             0 ****  ****    0
`;

describe('parseMol2', () => {
  it('reads atoms, SYBYL types, bonds and substructures', () => {
    const r = parseMol2(MOL2).records[0]!;
    expect(r.atoms.element).toEqual(['C', 'N', 'Cl']);
    expect(r.atomType).toEqual(['C.ar', 'N.am', 'Cl']);
    expect(Array.from(r.partialCharge)).toEqual([Math.fround(-0.1), Math.fround(0.2), Math.fround(-0.1)]);
    expect(r.bondType).toEqual(['am', '1']);
    expect(r.substructures).toEqual([{ subst_id: 1, subst_name: 'LIG1', root_atom: 1 }]);
  });

  it('reports a molecule whose counts disagree, keeping the others', () => {
    const f = parseMol2(MOL2.replace(' 3 2 1', ' 4 2 1') + MOL2);
    expect(f.records).toHaveLength(1);
    expect(f.diagnostics[0]).toMatchObject({ code: 'MOL2_RECORD_SKIPPED', record: 0 });
    expect(() => parseMol2(MOL2.replace(' 3 2 1', ' 4 2 1'))).toThrowError(
      expect.objectContaining({ code: 'PARSE_BAD_COUNTS' }),
    );
  });
});
