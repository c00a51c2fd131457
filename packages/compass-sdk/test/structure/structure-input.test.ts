/** The one structure-input reading shared by the server and the facade: formats, empty inputs, typed errors. */
import { describe, expect, it } from 'vitest';
import { isCompassError } from '../../src/errors.js';
import { parseLigandInput, parseProteinInput, structureFormat } from '../../src/structure/structure-input.js';

const PDB = [
  'ATOM      1  N   ALA A   1       1.000   2.000   3.000  1.00  0.00           N',
  'ATOM      2  CA  ALA A   1       2.000   2.000   3.000  1.00  0.00           C',
  'END',
].join('\n');

const SDF = [
  'water',
  '  test',
  '',
  '  3  2  0  0  0  0  0  0  0  0999 V2000',
  '    0.0000    0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0',
  '    0.9572    0.0000    0.0000 H   0  0  0  0  0  0  0  0  0  0  0  0',
  '   -0.2400    0.9266    0.0000 H   0  0  0  0  0  0  0  0  0  0  0  0',
  '  1  2  1  0',
  '  1  3  1  0',
  'M  END',
  '$$$$',
  '',
].join('\n');

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isCompassError(e) ? e.code : 'untyped';
  }
  return undefined;
}

describe('structure input', () => {
  it('names formats (mol is SDF), else detects from the source name and the content', () => {
    expect(structureFormat({ text: SDF, format: 'mol', source: '<mol>' })).toBe('sdf');
    expect(structureFormat({ text: PDB, format: 'PDB', source: '<pdb>' })).toBe('pdb');
    expect(structureFormat({ text: SDF, source: 'x.mol2' })).toBe('mol2');
    expect(structureFormat({ text: PDB, source: '<upload>' })).toBe('pdb');
    expect(codeOf(() => structureFormat({ text: PDB, format: 'cif', source: '<cif>' }))).toBe(
      'STRUCTURE_UNKNOWN_FORMAT',
    );
  });

  it('parses a protein from text or bytes, and refuses one without atoms with PARSE_NO_ATOMS', () => {
    expect(parseProteinInput({ text: PDB, format: 'pdb', source: '<pdb>' }).atoms.count).toBe(2);
    expect(parseProteinInput({ text: new TextEncoder().encode(PDB), source: 'r.pdb' }).atoms.count).toBe(2);
    expect(
      codeOf(() => parseProteinInput({ text: 'REMARK nothing\nEND\n', format: 'pdb', source: '<pdb>' })),
    ).toBe('PARSE_NO_ATOMS');
  });

  it('parses every ligand record with its warnings, and refuses an input without records', () => {
    const { file, warnings } = parseLigandInput({ text: SDF + SDF, format: 'sdf', source: '<sdf>' });
    expect(file.records.map((r) => r.atoms.count)).toEqual([3, 3]);
    expect(warnings).toEqual([]);
    expect(codeOf(() => parseLigandInput({ text: '', format: 'sdf', source: '<sdf>' }))).toBe('PARSE_EMPTY');
  });
});
