/** PDB and PDBQT parsing: columns, alternate locations, insertion codes, models, elements, charges, inputs. */
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parsePdb, parsePdbqt, readProtein } from '../../src/structure/index.js';
import { atomLine } from './pdb-lines.js';

describe('parsePdb', () => {
  const text = [
    'HEADER    TEST',
    atomLine({ serial: 1, name: 'N', seq: 10, x: 0, y: 0, z: 0, el: 'N' }),
    atomLine({ serial: 2, name: 'CA', alt: 'A', seq: 10, x: 1, y: 0, z: 0, occ: 0.4, el: 'C' }),
    atomLine({ serial: 3, name: 'CA', alt: 'B', seq: 10, x: 1.1, y: 0, z: 0, occ: 0.6, el: 'C' }),
    atomLine({ serial: 4, name: 'N', seq: 10, icode: 'A', x: 2, y: 0, z: 0, el: 'N' }),
    atomLine({
      rec: 'HETATM',
      serial: 5,
      name: 'ZN',
      res: 'ZN',
      chain: 'B',
      seq: 301,
      x: 3,
      y: 0,
      z: 0,
      charge: '2+',
    }),
    atomLine({ rec: 'HETATM', serial: 6, name: 'O', res: 'HOH', chain: 'B', seq: 401, x: 4, y: 0, z: 0 }),
    'END',
  ].join('\n');

  it('reads columns, keeps the higher-occupancy altloc, splits residues by insertion code', () => {
    const s = parsePdb(text, { source: 't.pdb' });
    expect(s.atoms.count).toBe(5);
    expect(s.atoms.coords[3]).toBeCloseTo(1.1, 5);
    expect(s.atoms.altLoc[1]).toBe('B');
    expect(s.residues.count).toBe(4);
    expect(s.residues.iCode).toEqual(['', 'A', '', '']);
    expect(s.chains).toEqual(['A', 'B']);
    expect(s.atoms.element).toEqual(['N', 'C', 'N', 'Zn', 'O']);
    expect(Array.from(s.atoms.charge)).toEqual([0, 0, 0, 2, 0]);
    expect(s.atoms.hetatm[3]).toBe(1);
    expect(s.diagnostics.map((d) => d.code)).toContain('PDB_ALTLOC_RESOLVED');
    expect(s.diagnostics.map((d) => d.code)).toContain('PDB_ELEMENT_INFERRED');
  });

  it('reads the first model by default and another on request', () => {
    const m = [
      'MODEL        1',
      atomLine({ name: 'CA', x: 1, y: 1, z: 1, el: 'C' }),
      'ENDMDL',
      'MODEL        2',
      atomLine({ name: 'CA', x: 2, y: 2, z: 2, el: 'C' }),
      atomLine({ name: 'CB', x: 3, y: 2, z: 2, el: 'C' }),
      'ENDMDL',
    ].join('\n');
    expect(parsePdb(m).atoms.count).toBe(1);
    expect(parsePdb(m, { model: 2 }).atoms.count).toBe(2);
    expect(parsePdb(m).modelCount).toBe(2);
    expect(() => parsePdb(m, { model: 7 })).toThrowError(
      expect.objectContaining({ code: 'PARSE_BAD_RECORD' }),
    );
  });

  it('infers elements from names: CA in ATOM is carbon, CA alone in HETATM is calcium', () => {
    const s = parsePdb(
      [
        atomLine({ name: 'CA', x: 0, y: 0, z: 0 }),
        atomLine({ rec: 'HETATM', name: 'CA  ', res: 'CA', seq: 2, x: 1, y: 0, z: 0 }),
        atomLine({ name: '1HB', seq: 3, x: 2, y: 0, z: 0 }),
        atomLine({ name: 'SE', res: 'MSE', seq: 4, x: 3, y: 0, z: 0, el: 'SE' }),
      ].join('\n'),
    );
    expect(s.atoms.element).toEqual(['C', 'Ca', 'H', 'Se']);
  });

  it('accepts bytes, gzip and streams with the same result', async () => {
    const plain = parsePdb(text);
    expect(parsePdb(Buffer.from(text)).atoms.count).toBe(plain.atoms.count);
    expect(Array.from(parsePdb(gzipSync(text)).atoms.coords)).toEqual(Array.from(plain.atoms.coords));
    const s = await readProtein(
      Readable.from([Buffer.from(text.slice(0, 100)), Buffer.from(text.slice(100))]),
      { source: 'x.pdb' },
    );
    expect(s.atoms.count).toBe(plain.atoms.count);
  });
});

describe('parsePdbqt', () => {
  it('takes elements from AutoDock types and reads partial charges', () => {
    const line = (name: string, x: number, q: string, t: string) =>
      atomLine({ name, x, y: 0, z: 0 }).slice(0, 66) + '    ' + q.padStart(6) + ' ' + t.padEnd(2);
    const s = parsePdbqt(
      [
        'ROOT',
        line('C1', 0, '0.123', 'A'),
        line('O1', 1, '-0.456', 'OA'),
        line('H1', 2, '0.200', 'HD'),
        'ENDROOT',
        'TORSDOF 3',
      ].join('\n'),
    );
    expect(s.atoms.element).toEqual(['C', 'O', 'H']);
    expect(Array.from(s.partialCharge)).toEqual([Math.fround(0.123), Math.fround(-0.456), Math.fround(0.2)]);
    expect(s.autodockType).toEqual(['A', 'OA', 'HD']);
    expect(s.torsdof).toBe(3);
  });
});
