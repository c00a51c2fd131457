/**
 * Hostile input to the parsers and the geometry behind the pocket and the graph (issue 16: the coordinate limit,
 * absurd counts, coincident atoms): every input ends in a typed error or a structure within the limit, quickly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCompassError } from '../../src/errors.js';
import {
  COORDINATE_LIMIT,
  CellList,
  extractPocket,
  isParseError,
  parseLigands,
  parseMol2,
  parsePdb,
  parsePdbqt,
  parseSdf,
  radiusGraph,
} from '../../src/structure/index.js';

const pdbAtom = (serial: number, x: string, y: string, z: string, res = 1) =>
  `ATOM  ${String(serial).padStart(5)}  CA  ALA A${String(res).padStart(4)}    ${x.padStart(8)}${y.padStart(8)}${z.padStart(8)}  1.00  0.00           C`;

const sdfV2000 = (coords: string[][]) =>
  [
    'hostile',
    '  test',
    '',
    `${String(coords.length).padStart(3)}  0  0  0  0  0  0  0  0  0999 V2000`,
    ...coords.map(
      ([x, y, z]) => `${x!.padStart(10)}${y!.padStart(10)}${z!.padStart(10)} C   0  0  0  0  0  0`,
    ),
    'M  END',
    '$$$$',
    '',
  ].join('\n');

const mol2 = (coords: string[][], counts = `${coords.length} 0 0 0 0`) =>
  [
    '@<TRIPOS>MOLECULE',
    'hostile',
    counts,
    'SMALL',
    'NO_CHARGES',
    '',
    '@<TRIPOS>ATOM',
    ...coords.map(([x, y, z], i) => `${i + 1} C${i + 1} ${x} ${y} ${z} C.3 1 LIG 0.0`),
    '',
  ].join('\n');

function thrown(f: () => unknown): { code?: string; details?: Record<string, unknown> } {
  try {
    f();
  } catch (e) {
    return e as { code?: string; details?: Record<string, unknown> };
  }
  throw new Error('expected a throw');
}

describe('the coordinate limit in every parser', () => {
  const lines = [pdbAtom(1, '1.000', '2.000', '3.000'), pdbAtom(2, '1e30', '2.000', '3.000'), 'END'].join(
    '\n',
  );

  it('D2: PDB and PDBQT refuse 1e30 in the coordinate columns with PARSE_BAD_COORDINATE, source and line', () => {
    expect(thrown(() => parsePdb(lines, { source: 'big.pdb' }))).toMatchObject({
      code: 'PARSE_BAD_COORDINATE',
      details: { source: 'big.pdb', line: 2 },
    });
    expect(thrown(() => parsePdbqt(lines, { source: 'big.pdbqt' }))).toMatchObject({
      code: 'PARSE_BAD_COORDINATE',
      details: { source: 'big.pdbqt', line: 2 },
    });
  });

  it('SDF (fixed columns and the token fallback) and MOL2 refuse values beyond +-1e5 A, NaN and Infinity', () => {
    for (const bad of ['1e30', '-100000.5', 'NaN', 'Infinity', '1e400']) {
      const sdf = sdfV2000([
        ['0.0000', '0.0000', '0.0000'],
        [bad, '0.0000', '0.0000'],
      ]);
      expect(
        thrown(() => parseSdf(sdf, { source: 'l.sdf' })),
        bad,
      ).toMatchObject({
        code: 'PARSE_BAD_COORDINATE',
        details: { source: 'l.sdf', line: 6, record: 0 },
      });
      expect(
        thrown(() =>
          parseMol2(
            mol2([
              ['0', '0', '0'],
              ['0', bad, '0'],
            ]),
            { source: 'l.mol2' },
          ),
        ),
        bad,
      ).toMatchObject({ code: 'PARSE_BAD_COORDINATE', details: { source: 'l.mol2', line: 9 } });
    }
    // the limit itself is accepted
    const edge = parseSdf(sdfV2000([[String(COORDINATE_LIMIT), '-100000', '0']]));
    expect(Array.from(edge.records[0]!.atoms.coords)).toEqual([1e5, -1e5, 0]);
  });

  it('refuses absurd counts before allocating for them (V3000 and MOL2)', () => {
    const v3000 = [
      'v3',
      '',
      '',
      '  0  0  0     0  0            999 V3000',
      'M  V30 BEGIN CTAB',
      'M  V30 COUNTS 999999999 999999999 0 0 0',
      'M  V30 BEGIN ATOM',
      'M  V30 1 C 0 0 0 0',
      'M  V30 END ATOM',
      'M  V30 END CTAB',
      'M  END',
      '$$$$',
    ].join('\n');
    expect(thrown(() => parseSdf(v3000, { source: 'v3.sdf' }))).toMatchObject({
      code: 'PARSE_BAD_COUNTS',
      details: { source: 'v3.sdf', line: 6 },
    });
    expect(thrown(() => parseMol2(mol2([['0', '0', '0']], '999999999 0 0 0 0')))).toMatchObject({
      code: 'PARSE_BAD_COUNTS',
    });
  });
});

// numbers a hostile writer might put in a coordinate field
const hostileNumber = fc.oneof(
  fc.double({ noNaN: false }),
  fc.constantFrom(1e30, -1e30, Number.NaN, Infinity, -Infinity, 1e5, -1e5, 100000.001, 0, -0),
  fc.double({ min: -200, max: 200, noNaN: true }),
);
const field = (v: number) => (Number.isInteger(v) && Math.abs(v) < 1e6 ? v.toFixed(4) : String(v));

describe('parser properties (fast-check)', () => {
  const inRange = (c: ArrayLike<number>) =>
    Array.from(c).every((v) => Number.isFinite(v) && Math.abs(v) <= 1e5);

  it('random coordinates in PDB, PDBQT, SDF and MOL2: a structure within the limit or a typed parse error', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(hostileNumber, hostileNumber, hostileNumber), { minLength: 1, maxLength: 6 }),
        (xyz) => {
          const t0 = performance.now();
          const asText = xyz.map((p) => p.map(field));
          const pdb = asText
            .map(([x, y, z], i) => pdbAtom(i + 1, x!.slice(0, 8), y!.slice(0, 8), z!.slice(0, 8), i + 1))
            .join('\n');
          const attempts: [string, () => ArrayLike<number>][] = [
            ['pdb', () => parsePdb(pdb).atoms.coords],
            ['pdbqt', () => parsePdbqt(pdb).atoms.coords],
            [
              'sdf',
              () =>
                parseSdf(sdfV2000(asText.map((p) => p.map((s) => s.slice(0, 10))))).records[0]!.atoms.coords,
            ],
            ['mol2', () => parseMol2(mol2(asText)).records[0]!.atoms.coords],
          ];
          for (const [name, parse] of attempts) {
            try {
              expect(inRange(parse()), name).toBe(true);
            } catch (e) {
              expect(isParseError(e), `${name}: ${String(e)}`).toBe(true);
            }
          }
          expect(performance.now() - t0).toBeLessThan(1000);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random counts lines in SDF and MOL2: only typed errors, never a huge allocation', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 31 }), fc.nat({ max: 2 ** 31 }), (atoms, bonds) => {
        const v3000 = `x\n\n\n  0  0  0     0  0            999 V3000\nM  V30 BEGIN CTAB\nM  V30 COUNTS ${atoms} ${bonds} 0 0 0\nM  V30 END CTAB\nM  END\n$$$$\n`;
        for (const f of [
          () => parseLigands(v3000, { format: 'sdf' }),
          () => parseMol2(mol2([['0', '0', '0']], `${atoms} ${bonds}`)),
        ]) {
          try {
            f();
          } catch (e) {
            expect(isCompassError(e), String(e)).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('coincident atoms in the pocket, the cell list and the radius graph', () => {
  const n = 10_000;
  const coincidentPdb = [
    ...Array.from({ length: n }, (_, i) => pdbAtom(i + 1, '5.000', '5.000', '5.000', 1 + (i % 9000))),
    'END',
  ].join('\n');

  it('a 10,000-atom PDB piled at one point parses, and the pocket refuses it as crowded in < 2 s', () => {
    const t0 = performance.now();
    const protein = parsePdb(coincidentPdb, { source: 'pile.pdb' });
    expect(protein.atoms.count).toBe(n);
    const ligand = parseLigands(sdfV2000([['5.0000', '5.0000', '6.5000']]), { format: 'sdf' }).records[0]!;
    expect(thrown(() => extractPocket(protein, ligand))).toMatchObject({
      code: 'STRUCTURE_BAD_INPUT',
      details: { reason: 'crowded' },
    });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('a 10,000-atom ligand jittered around one point is refused before the ligand dedupe turns quadratic', () => {
    const jitter = Array.from({ length: n }, (_, i) =>
      [5 + (i % 10) * 0.02, 5 + (Math.floor(i / 10) % 10) * 0.02, 5 + Math.floor(i / 100) * 0.02].map((v) =>
        v.toFixed(3),
      ),
    );
    const ligand = parseLigands(mol2(jitter), { format: 'mol2' }).records[0]!;
    const protein = parsePdb(
      [pdbAtom(1, '5.000', '5.000', '8.000'), pdbAtom(2, '6.000', '5.000', '8.000', 2)].join('\n'),
    );
    const t0 = performance.now();
    expect(thrown(() => extractPocket(protein, ligand))).toMatchObject({
      code: 'STRUCTURE_BAD_INPUT',
      details: { reason: 'crowded' },
    });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('the radius graph refuses 10,000 coincident points as crowded, and keeps the cap nearest by index below that', () => {
    const t0 = performance.now();
    expect(thrown(() => radiusGraph(new Float32Array(3 * n).fill(1), { cutoff: 5 }))).toMatchObject({
      code: 'STRUCTURE_BAD_INPUT',
      details: { reason: 'crowded' },
    });
    expect(performance.now() - t0).toBeLessThan(2000);
    // 60 coincident points (a crowded but possible pile): nearest first, ties by index, within the cap
    const g = radiusGraph(new Float32Array(3 * 60).fill(1), { cutoff: 5, maxNeighbours: 8 });
    expect(g.numEdges).toBe(8 * 60);
    expect(Array.from(g.src.subarray(0, 8))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(g.src.subarray(8, 16))).toEqual([0, 2, 3, 4, 5, 6, 7, 8]);
    // batched graphs overlap by design: no crowding check, the cap still bounds the edges
    const batched = radiusGraph(new Float32Array(3 * 2000).fill(1), {
      cutoff: 5,
      maxNeighbours: 4,
      batch: new Uint32Array(2000).map((_, i) => i % 2),
    });
    expect(batched.numEdges).toBe(4 * 2000);
    expect(Array.from(batched.src.subarray(0, 4))).toEqual([2, 4, 6, 8]);
  });

  it('a cell list refuses non-finite coordinates (Infinity once gave a NaN-sized grid, silently) and stays O(n) in memory when spread', () => {
    for (const bad of [Infinity, Number.NaN, 1e30])
      expect(thrown(() => new CellList(Float32Array.from([0, 0, 0, bad, 0, 0]), 2))).toMatchObject({
        code: 'STRUCTURE_BAD_INPUT',
      });
    const spread = Float32Array.from([-1e5, -1e5, -1e5, 0, 0, 0, 0.5, 0, 0, 1e5, 1e5, 1e5]);
    const cells = new CellList(spread, 1);
    expect(cells.cellSize).toBe(1);
    const near: number[] = [];
    cells.forEachWithin(0, 0, 0, 1, (j) => near.push(j));
    expect(near.sort()).toEqual([1, 2]);
    const far: number[] = [];
    cells.forEachWithin(1e5, 1e5, 1e5, 0.1, (j) => far.push(j));
    expect(far).toEqual([3]);
  });
});
