/** The malformed-structure corpus of the hostile-input suite, built from the repository's licence-clean fixtures. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'inference');
/** A TYK2 pocket (PDB, Schrodinger FEP set, MIT). */
export const proteinText = readFileSync(join(FIX, 'tyk2_pocket.pdb'), 'utf8');
/** Three TYK2 ligand poses (SDF). */
export const ligandsText = readFileSync(join(FIX, 'tyk2_ligands.sdf'), 'utf8');
/** One TYK2 ligand (PDBQT). */
export const ligandPdbqt = readFileSync(join(FIX, 'tyk2_ligand1.pdbqt'), 'utf8');

/** A well-formed SDF record with no atoms. */
export const EMPTY_SDF = 'empty\n  hostile\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n$$$$\n';

const SDF_ATOM = /^(\s*-?\d+\.\d+)(\s*-?\d+\.\d+)(\s*-?\d+\.\d+)(\s+[A-Z][a-z]?\s)/;

/** The SDF text with every atom's x moved by `dx` angstroms (V2000 atom lines: x, y, z in 10.4 columns). */
export function moveSdf(sdf: string, dx: number): string {
  return sdf
    .split('\n')
    .map((line) => {
      const m = SDF_ATOM.exec(line);
      if (!m) return line;
      const x = (Number(m[1]) + dx).toFixed(4).padStart(10);
      return x + line.slice(m[1]!.length);
    })
    .join('\n');
}

/** The PDB text with each ATOM/HETATM line's x, y, z columns (31-54) replaced by `xyz(i)` (8.3 each). */
export function withCoordinates(pdb: string, xyz: (i: number) => readonly [string, string, string]): string {
  let i = 0;
  return pdb
    .split('\n')
    .map((line) => {
      if (!/^(ATOM |HETATM)/.test(line)) return line;
      const [x, y, z] = xyz(i++);
      return line.slice(0, 30) + x.padStart(8) + y.padStart(8) + z.padStart(8) + line.slice(54);
    })
    .join('\n');
}

const firstAtoms = (pdb: string, n: number) =>
  pdb
    .split('\n')
    .filter((l) => /^(ATOM |HETATM)/.test(l))
    .slice(0, n)
    .join('\n') + '\nEND\n';

/** Named malformed or adversarial proteins: each must get a typed 4xx or a 2xx, quickly. */
export const HOSTILE_PROTEINS: Readonly<Record<string, string>> = {
  'empty-lines': '\n\n\n',
  'no-atoms': 'HEADER    NOTHING\nEND\n',
  'binary-nul': 'ATOM  \u0000\u0000\u0000\u0001\u0002garbage',
  'truncated-atom-line': 'ATOM      1  N   ALA A   1      11.1',
  'non-numeric-coordinates': withCoordinates(firstAtoms(proteinText, 40), () => ['abc', 'def', 'ghi']),
  'nan-coordinates': withCoordinates(firstAtoms(proteinText, 40), () => ['NaN', 'NaN', 'NaN']),
  'infinite-coordinates': withCoordinates(firstAtoms(proteinText, 40), () => ['Infinity', '-Infinity', '0']),
  'huge-coordinates': withCoordinates(firstAtoms(proteinText, 40), (i) => [
    i % 2 ? '1e30' : '-1e30',
    '0',
    '0',
  ]),
  'coincident-atoms': withCoordinates(proteinText, () => ['1.000', '1.000', '1.000']),
  'two-atoms-11000A-apart': withCoordinates(firstAtoms(proteinText, 2), (i) => [
    i ? '9999.000' : '-999.000',
    '0',
    '0',
  ]),
  'span-1000A': withCoordinates(firstAtoms(proteinText, 200), (i) => [String((i * 5) % 1000), '0', '0']),
  'long-line': 'ATOM  ' + 'x'.repeat(200_000) + '\n',
  'unknown-elements': firstAtoms(proteinText, 60).replace(/ [CNOS]\s*$/gm, ' Xx'),
  'only-waters': 'HETATM    1  O   HOH A   1       1.000   1.000   1.000  1.00  0.00           O\nEND\n',
};

/** Named malformed ligand files (format, text). */
export const HOSTILE_LIGANDS: Readonly<Record<string, { readonly format: string; readonly text: string }>> = {
  'sdf-empty-record': { format: 'sdf', text: EMPTY_SDF },
  'sdf-bad-counts': {
    format: 'sdf',
    text: 'x\n\n\n999999999  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n$$$$\n',
  },
  'sdf-negative-counts': {
    format: 'sdf',
    text: 'x\n\n\n -5 -5  0  0  0  0  0  0  0  0999 V2000\nM  END\n$$$$\n',
  },
  'sdf-truncated': { format: 'sdf', text: ligandsText.slice(0, Math.floor(ligandsText.length / 3)) },
  'sdf-far-away': { format: 'sdf', text: moveSdf(ligandsText, 5000) },
  'sdf-huge-coordinate': { format: 'sdf', text: ligandsText.replace(/^(\s*-?\d+\.\d+)/m, '    1e+300') },
  'sdf-bond-to-missing-atom': {
    format: 'sdf',
    text: 'x\n\n\n  1  1  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 C   0  0\n  1 99  1  0\nM  END\n$$$$\n',
  },
  'sdf-many-empty-records': { format: 'sdf', text: EMPTY_SDF.repeat(300) },
  'mol2-no-atoms': { format: 'mol2', text: '@<TRIPOS>MOLECULE\nx\n0 0 0\nSMALL\n\n@<TRIPOS>ATOM\n' },
  'mol2-garbage': { format: 'mol2', text: '@<TRIPOS>ATOM\n1 C 1e400 nan x C.3\n' },
  'pdbqt-garbage': {
    format: 'pdbqt',
    text: 'ROOT\nATOM      1  C   LIG     1       nan     nan     nan\nENDROOT\n',
  },
  'pdb-ligand-coincident': {
    format: 'pdb',
    text: withCoordinates(
      ligandPdbqt.replace(/^(ROOT|ENDROOT|BRANCH.*|ENDBRANCH.*|TORSDOF.*)$/gm, ''),
      () => ['0.000', '0.000', '0.000'],
    ),
  },
};
