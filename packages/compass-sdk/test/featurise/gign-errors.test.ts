/** Typed failures of the GIGN featuriser: empty ligand, far ligand, and the complexes RDKit would drop. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGignGraph, isFeaturiseError, type FeaturiseError } from '../../src/featurise/gign/index.js';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import { parseLigands, parseProtein, readLigands, readProtein } from '../../src/structure/formats.js';

// A three-residue protein fragment (written for this test) and a small ligand placed beside it.
const PROTEIN = [
  'ATOM      1  N   GLY A   1       0.000   0.000   0.000  1.00  0.00           N',
  'ATOM      2  CA  GLY A   1       1.458   0.000   0.000  1.00  0.00           C',
  'ATOM      3  C   GLY A   1       2.009   1.420   0.000  1.00  0.00           C',
  'ATOM      4  O   GLY A   1       1.251   2.390   0.000  1.00  0.00           O',
  'ATOM      5  N   GLU A   2       3.332   1.536   0.000  1.00  0.00           N',
  'ATOM      6  CA  GLU A   2       3.970   2.846   0.000  1.00  0.00           C',
  'ATOM      7  C   GLU A   2       5.486   2.695   0.000  1.00  0.00           C',
  'ATOM      8  O   GLU A   2       6.009   1.580   0.000  1.00  0.00           O',
  'ATOM      9  CB  GLU A   2       3.524   3.667   1.218  1.00  0.00           C',
  'ATOM     10  CG  GLU A   2       4.060   5.092   1.200  1.00  0.00           C',
  'ATOM     11  CD  GLU A   2       3.550   5.880   2.390  1.00  0.00           C',
  'ATOM     12  OE1 GLU A   2       2.760   5.330   3.190  1.00  0.00           O1-',
  'ATOM     13  OE2 GLU A   2       3.950   7.050   2.520  1.00  0.00           O',
  'END',
].join('\n');

const LIGAND = [
  'lig',
  '  test',
  '',
  '  2  1  0  0  0  0  0  0  0  0999 V2000',
  '    3.0000    4.0000    5.5000 C   0  0  0  0  0  0  0  0  0  0  0  0',
  '    4.5000    4.0000    5.5000 O   0  0  0  0  0  0  0  0  0  0  0  0',
  '  1  2  1  0  0  0  0',
  'M  END',
  '$$$$',
  '',
].join('\n');

function catchError(f: () => unknown): FeaturiseError {
  try {
    f();
  } catch (e) {
    if (isFeaturiseError(e)) return e;
    throw e;
  }
  throw new Error('expected a FeaturiseError');
}

describe('buildGignGraph failures', () => {
  const protein = parseProtein(PROTEIN, { source: 'fragment.pdb' });
  const ligand = parseLigands(LIGAND, { source: 'lig.sdf' }).records[0]!;

  it('refuses a pocket RDKit cannot sanitise (GLU OE1 -1 from the file, CD=OE1 from the template), naming the atom', () => {
    const e = catchError(() => buildGignGraph(protein, ligand));
    expect(e.code).toBe('FEATURISE_SANITIZE_POCKET');
    expect(e.details).toMatchObject({
      molecule: 'pocket',
      name: 'OE1',
      resName: 'GLU',
      resSeq: 2,
      chain: 'A',
      serial: 12,
    });
    expect(e.message).toContain('GLU A2 OE1 (serial 12)');
  });

  it('builds the graph once the file charge is gone (PyMOL still puts -1 on OE2)', () => {
    const fixed = parseProtein(PROTEIN.replace('O1-', 'O  '), { source: 'fragment.pdb' });
    const g = buildGignGraph(fixed, ligand);
    expect(g.numLigandAtoms).toBe(2);
    expect(g.numPocketAtoms).toBe(9); // GLU only: the GLY is 6 A away
    // OE2 (pocket atom 8 in PyMOL order N CA C O CB CG CD OE1 OE2) is O-: no H, sp2 through the carboxylate.
    const oe2 = 2 + 8;
    expect(Array.from(g.x.subarray(oe2 * 35, oe2 * 35 + 35)).join('')).toBe(
      '00100000000100000100000001000010000',
    );
  });

  it('FEATURISE_LIGAND_FAR when no protein atom is within 5 A', () => {
    const far = parseLigands(LIGAND.replaceAll('    4.0000    5.5000', '  400.0000    5.5000'), {
      source: 'far.sdf',
    }).records[0]!;
    expect(catchError(() => buildGignGraph(protein, far)).code).toBe('FEATURISE_LIGAND_FAR');
  });

  it('FEATURISE_EMPTY_LIGAND for a ligand of hydrogens only', () => {
    const hOnly = parseLigands(LIGAND.replace(' C   0', ' H   0').replace(' O   0', ' H   0'), {
      source: 'h.sdf',
    }).records[0]!;
    expect(catchError(() => buildGignGraph(protein, hOnly)).code).toBe('FEATURISE_EMPTY_LIGAND');
  });
});

describe.skipIf(!sharedDataAvailable())('the complexes the original pipeline drops', () => {
  it('jacs_set/cdk2: every pose fails with FEATURISE_SANITIZE_POCKET on a GLU/ASP charged O', async () => {
    const d = join(sharedDataDir(), 'schrodinger-fep', 'jacs_set');
    const protein = await readProtein(join(d, 'cdk2_protein.pdb'));
    const ligands = (await readLigands(join(d, 'cdk2_ligands.sdf'))).records;
    expect(ligands.length).toBe(16);
    for (const l of ligands) {
      const e = catchError(() => buildGignGraph(protein, l));
      expect(e.code).toBe('FEATURISE_SANITIZE_POCKET');
      expect(['GLU', 'ASP']).toContain(e.details?.['resName']);
    }
  });
});

describe('aromatic bond orders in an SDF (bond type 4)', () => {
  it('are kekulised before RDKit reads them, so benzene comes back aromatic', () => {
    const ring = [0, 1, 2, 3, 4, 5].map((k) => {
      const t = (k * Math.PI) / 3;
      return `${(3 + 1.39 * Math.cos(t)).toFixed(4).padStart(10)}${(4 + 1.39 * Math.sin(t)).toFixed(4).padStart(10)}    5.5000 C   0  0  0  0  0  0  0  0  0  0  0  0`;
    });
    const bonds = [0, 1, 2, 3, 4, 5].map(
      (k) => `${String(k + 1).padStart(3)}${String(((k + 1) % 6) + 1).padStart(3)}  4  0  0  0  0`,
    );
    const sdf = [
      'benzene',
      '  test',
      '',
      '  6  6  0  0  0  0  0  0  0  0999 V2000',
      ...ring,
      ...bonds,
      'M  END',
      '$$$$',
      '',
    ].join('\n');
    const rec = parseLigands(sdf, { source: 'benzene.sdf' }).records[0]!;
    const protein = parseProtein(PROTEIN.replace('O1-', 'O  '), { source: 'fragment.pdb' });
    const g = buildGignGraph(protein, rec);
    expect(g.diagnostics).toEqual([]);
    for (let a = 0; a < 6; a++) expect(g.x[a * 35 + 29]).toBe(1); // aromatic
  });
});

describe('hostile coordinates', () => {
  it('refuses a protein whose atoms pile up on one point with FEATURISE_CROWDED, in linear time', () => {
    const lines: string[] = [];
    for (let k = 1; k <= 3000; k++)
      lines.push(
        `ATOM  ${String(k).padStart(5)}  CA  ALA A${String(k % 9999).padStart(4)}       3.000   4.000   7.000  1.00  0.00           C`,
      );
    const piled = parseProtein(lines.join('\n'), { source: 'piled.pdb' });
    const ligand = parseLigands(LIGAND, { source: 'lig.sdf' }).records[0]!;
    const t0 = performance.now();
    const e = catchError(() => buildGignGraph(piled, ligand));
    expect(e.code).toBe('FEATURISE_CROWDED');
    expect(e.details).toMatchObject({ molecule: 'pocket', resName: 'ALA' });
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
