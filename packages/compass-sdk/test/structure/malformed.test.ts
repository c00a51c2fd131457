/** Malformed inputs each get their typed error; a property test checks the parsers raise nothing else. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCompassError } from '../../src/errors.js';
import {
  parseLigands,
  parseMol2,
  parsePdb,
  parsePdbqt,
  parseSdf,
  type ParseError,
} from '../../src/structure/index.js';

const sdfText = readFileSync(new URL('../fixtures/structure/tyk2_ligands.sdf', import.meta.url), 'utf8');
const firstRecord = sdfText.slice(0, sdfText.indexOf('$$$$') + 5);
const pdbText = readFileSync(new URL('../fixtures/structure/tyk2_pocket8.pdb', import.meta.url), 'utf8');

function errorOf(f: () => unknown): ParseError {
  try {
    f();
  } catch (e) {
    return e as ParseError;
  }
  throw new Error('expected a throw');
}

describe('malformed corpus', () => {
  const cases: [string, () => unknown, string, number | undefined][] = [
    ['empty PDB', () => parsePdb('', { source: 'e.pdb' }), 'PARSE_EMPTY', undefined],
    ['whitespace SDF', () => parseSdf('  \n\n', { source: 'e.sdf' }), 'PARSE_EMPTY', undefined],
    [
      'binary garbage',
      () =>
        parsePdb(
          Uint8Array.from({ length: 4096 }, (_, i) => (i * 131) % 256),
          { source: 'b.pdb' },
        ),
      'PARSE_BINARY',
      undefined,
    ],
    [
      'corrupt gzip',
      () => parseSdf(Uint8Array.of(0x1f, 0x8b, 8, 0, 1, 2, 3), { source: 'x.sdf.gz' }),
      'PARSE_UNREADABLE',
      undefined,
    ],
    [
      'PDB non-numeric coordinate',
      () => parsePdb(pdbText.replace(/^(ATOM.{26}).{8}/m, '$1  abc.de'), { source: 'p.pdb' }),
      'PARSE_BAD_COORDINATE',
      4,
    ],
    [
      'PDB truncated atom line',
      () => parsePdb(pdbText.replace(/^(ATOM.{36}).*$/m, '$1'), { source: 'p.pdb' }),
      'PARSE_TRUNCATED',
      4,
    ],
    [
      'PDB with no atoms',
      () => parsePdb('HEADER x\nREMARK y\nEND\n', { source: 'n.pdb' }),
      'PARSE_NO_ATOMS',
      undefined,
    ],
    [
      'SDF truncated record',
      () => parseSdf(firstRecord.slice(0, 600), { source: 't.sdf' }),
      'PARSE_TRUNCATED',
      undefined,
    ],
    [
      'SDF atom count too large',
      () =>
        parseSdf(
          firstRecord.replace(
            /^(\s*)(\d+)(\s+\d+.*V2000)$/m,
            (_m, s: string, n: string, r: string) => s + String(Number(n) + 5).padStart(n.length) + r,
          ),
          { source: 'c.sdf' },
        ),
      'PARSE_BAD_COUNTS',
      undefined,
    ],
    [
      'SDF non-numeric counts',
      () =>
        parseSdf(firstRecord.replace(/^.*V2000$/m, 'xx yy  0  0  0  0            999 V2000'), {
          source: 'c.sdf',
        }),
      'PARSE_BAD_COUNTS',
      4,
    ],
    [
      'SDF non-numeric coordinate',
      () =>
        parseSdf(firstRecord.replace(/^(\s+-?\d+\.\d+)(\s+-?\d+\.\d+)/m, '    nan.xx$2'), {
          source: 'c.sdf',
        }),
      'PARSE_BAD_COORDINATE',
      5,
    ],
    [
      'SDF blank coordinate field',
      () =>
        parseSdf(
          'x\n\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n    1.0000              0.0000 C   0  0\nM  END\n$$$$\n',
          { source: 'b.sdf' },
        ),
      'PARSE_BAD_COORDINATE',
      5,
    ],
    [
      'MOL2 without molecule',
      () => parseMol2('@<TRIPOS>ATOM\n1 C 0 0 0 C.3\n', { source: 'm.mol2' }),
      'PARSE_BAD_RECORD',
      1,
    ],
    [
      'MOL2 bad coordinate',
      () =>
        parseMol2('@<TRIPOS>MOLECULE\nm\n1 0\nSMALL\n\n@<TRIPOS>ATOM\n1 C x 0 0 C.3\n', { source: 'm.mol2' }),
      'PARSE_BAD_COORDINATE',
      7,
    ],
  ];
  for (const [what, f, code, line] of cases)
    it(`${what} -> ${code}`, () => {
      const e = errorOf(f);
      expect(isCompassError(e)).toBe(true);
      expect(e.code).toBe(code);
      expect(typeof e.details?.source).toBe('string');
      if (line !== undefined) expect(e.details?.line).toBe(line);
      expect(e.message.startsWith(String(e.details?.source))).toBe(true);
    });

  it('rejects a 100 MB line with PARSE_LINE_TOO_LONG', () => {
    const big = Buffer.alloc(100 * 1024 * 1024, 0x41);
    const e = errorOf(() => parsePdb(Buffer.concat([Buffer.from('HEADER\n'), big]), { source: 'huge.pdb' }));
    expect(e.code).toBe('PARSE_LINE_TOO_LONG');
    expect(e.details?.line).toBe(2);
  });
});

const parsers = [
  parsePdb,
  parsePdbqt,
  parseSdf,
  parseMol2,
  (t: string) => parseLigands(t, { source: 'fuzz.sdf' }),
];

function onlyTyped(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!isCompassError(e)) throw e;
  }
}

describe('fuzz', () => {
  it('raises nothing but typed errors on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => parsers.forEach((p) => onlyTyped(() => p(s)))),
      { numRuns: 300, seed: 1 },
    );
  });

  it('raises nothing but typed errors on mutated real files', () => {
    const mutate = (base: string) =>
      fc
        .tuple(fc.nat({ max: base.length }), fc.nat({ max: 200 }), fc.string({ maxLength: 20 }))
        .map(([at, del, ins]) => base.slice(0, at) + ins + base.slice(at + del));
    fc.assert(
      fc.property(mutate(firstRecord), (s) => parsers.forEach((p) => onlyTyped(() => p(s)))),
      { numRuns: 300, seed: 2 },
    );
    fc.assert(
      fc.property(mutate(pdbText.slice(0, 3000)), (s) => parsers.forEach((p) => onlyTyped(() => p(s)))),
      { numRuns: 200, seed: 3 },
    );
  });

  it('raises nothing but typed errors on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) =>
        parsers.forEach((p) => onlyTyped(() => p(b as unknown as string))),
      ),
      { numRuns: 200, seed: 4 },
    );
  });
});
