/** MOL2 parser: MOLECULE, ATOM, BOND and SUBSTRUCTURE sections of every molecule in the file. */
import { DiagnosticList } from '../diagnostics.js';
import { atomicNumber, normaliseElement } from '../elements.js';
import { ParseError, isParseError } from '../errors.js';
import { checkedLines, parseCoordinate, type ParseOptions, type TextInput } from '../io/text-source.js';
import type { Mol2File, Mol2Record, Mol2Substructure } from './schema.js';

const BOND_ORDER: Readonly<Record<string, number>> = { '1': 1, '2': 2, '3': 3, ar: 4, am: 1 };

/** Element of a SYBYL atom type: the part before the dot ("C.ar" -> C, "Cl" -> Cl, "Du"/"LP" -> X). */
export function elementFromSybylType(type: string): string {
  const base = type.split('.')[0]!;
  if (base === 'Du' || base === 'LP' || base === 'Any' || base === 'Hal' || base === 'Het' || base === 'Hev')
    return 'X';
  return normaliseElement(base);
}

function sections(lines: readonly string[], start: number, stop: number): Map<string, number> {
  const at = new Map<string, number>();
  for (let i = start; i < stop; i++) {
    const l = lines[i]!;
    if (l.startsWith('@<TRIPOS>')) at.set(l.slice(9).trim().toUpperCase(), i);
  }
  return at;
}

function dataLines(lines: readonly string[], from: number, stop: number): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  for (let i = from + 1; i < stop; i++) {
    const l = lines[i]!;
    if (l.startsWith('@<TRIPOS>')) break;
    const t = l.trim();
    if (t !== '' && !t.startsWith('#')) out.push({ text: t, at: i });
  }
  return out;
}

function readRecord(
  lines: readonly string[],
  start: number,
  stop: number,
  source: string,
  record: number,
): Mol2Record {
  const where = (i: number) => ({ source, line: i + 1, record });
  const sec = sections(lines, start, stop);
  const mol = dataLines(lines, start, stop);
  const countsLine = mol[1];
  if (!countsLine)
    throw new ParseError('PARSE_TRUNCATED', 'MOLECULE section ends before its counts line', where(start));
  const counts = countsLine.text.split(/\s+/);
  const nAtoms = Number(counts[0]);
  const nBonds = Number(counts[1] ?? 0);
  if (!Number.isInteger(nAtoms) || nAtoms < 0 || !Number.isInteger(nBonds) || nBonds < 0)
    throw new ParseError(
      'PARSE_BAD_COUNTS',
      `expected "num_atoms num_bonds ...", got "${countsLine.text.slice(0, 40)}"`,
      where(countsLine.at),
    );
  const atomAt = sec.get('ATOM');
  if (atomAt === undefined) throw new ParseError('PARSE_TRUNCATED', 'no @<TRIPOS>ATOM section', where(start));
  const atomRows = dataLines(lines, atomAt, stop);
  if (atomRows.length !== nAtoms)
    throw new ParseError(
      'PARSE_BAD_COUNTS',
      `MOLECULE says ${nAtoms} atoms but the ATOM section has ${atomRows.length}`,
      where(atomAt),
    );
  const coords = new Float32Array(nAtoms * 3);
  const element: string[] = [];
  const z = new Uint8Array(nAtoms);
  const partialCharge = new Float32Array(nAtoms);
  const substId = new Uint32Array(nAtoms);
  const atomName: string[] = [];
  const atomType: string[] = [];
  const idToIndex = new Map<number, number>();
  atomRows.forEach(({ text, at }, a) => {
    const t = text.split(/\s+/);
    if (t.length < 6)
      throw new ParseError(
        'PARSE_TRUNCATED',
        `atom row has ${t.length} fields; expected "atom_id atom_name x y z atom_type"`,
        where(at),
      );
    idToIndex.set(Number(t[0]), a);
    atomName.push(t[1]!);
    coords[3 * a] = parseCoordinate(t[2]!, 'x', source, at + 1, record);
    coords[3 * a + 1] = parseCoordinate(t[3]!, 'y', source, at + 1, record);
    coords[3 * a + 2] = parseCoordinate(t[4]!, 'z', source, at + 1, record);
    atomType.push(t[5]!);
    element.push(elementFromSybylType(t[5]!));
    z[a] = atomicNumber(element[a]!);
    substId[a] = Number(t[6]) || 0;
    partialCharge[a] = Number(t[8]) || 0;
  });
  const bondAt = sec.get('BOND');
  const bondRows = bondAt === undefined ? [] : dataLines(lines, bondAt, stop);
  if (bondRows.length !== nBonds)
    throw new ParseError(
      'PARSE_BAD_COUNTS',
      `MOLECULE says ${nBonds} bonds but the BOND section has ${bondRows.length}`,
      where(bondAt ?? start),
    );
  const from = new Uint32Array(nBonds);
  const to = new Uint32Array(nBonds);
  const order = new Uint8Array(nBonds);
  const bondType: string[] = [];
  bondRows.forEach(({ text, at }, b) => {
    const t = text.split(/\s+/);
    const a1 = idToIndex.get(Number(t[1]));
    const a2 = idToIndex.get(Number(t[2]));
    if (a1 === undefined || a2 === undefined || t[3] === undefined)
      throw new ParseError(
        'PARSE_BAD_RECORD',
        `bond row "${text.slice(0, 40)}"; expected "bond_id origin_atom_id target_atom_id bond_type" with known atom ids`,
        where(at),
      );
    from[b] = a1;
    to[b] = a2;
    order[b] = BOND_ORDER[t[3]] ?? 0;
    bondType.push(t[3]);
  });
  const substAt = sec.get('SUBSTRUCTURE');
  const substructures: Mol2Substructure[] = (
    substAt === undefined ? [] : dataLines(lines, substAt, stop)
  ).map(({ text }) => {
    const t = text.split(/\s+/);
    return { subst_id: Number(t[0]) || 0, subst_name: t[1] ?? '', root_atom: Number(t[2]) || 0 };
  });
  return {
    index: record,
    line: start + 1,
    mol_name: mol[0]?.text ?? '',
    mol_type: (mol[2]?.text ?? '').split(/\s+/)[0] ?? '',
    charge_type: mol[3]?.text ?? '',
    atoms: { count: nAtoms, coords, element, atomicNumber: z, formalCharge: new Int8Array(nAtoms) },
    atomName,
    atomType,
    partialCharge,
    substId,
    bonds: { count: nBonds, from, to, order },
    bondType,
    substructures,
  };
}

/**
 * Parse a MOL2 file: each `@<TRIPOS>MOLECULE` with its atoms, bonds and substructures. A molecule that fails is
 * skipped and reported (`MOL2_RECORD_SKIPPED`); the parser throws only when none can be read.
 *
 * @throws {ParseError} for empty or binary input, no MOLECULE section, or when every molecule fails.
 */
export function parseMol2(input: TextInput, options: ParseOptions = {}): Mol2File {
  const source = options.source ?? '<input>';
  const lines = checkedLines(input, options);
  const starts: number[] = [];
  lines.forEach((l, i) => {
    if (l.startsWith('@<TRIPOS>MOLECULE')) starts.push(i);
  });
  if (starts.length === 0)
    throw new ParseError('PARSE_BAD_RECORD', 'no @<TRIPOS>MOLECULE section (expected a Tripos MOL2 file)', {
      source,
      line: 1,
    });
  const diags = new DiagnosticList();
  const records: Mol2Record[] = [];
  let firstError: ParseError | undefined;
  starts.forEach((s, k) => {
    try {
      records.push(readRecord(lines, s, starts[k + 1] ?? lines.length, source, k));
    } catch (e) {
      if (!isParseError(e)) throw e;
      firstError ??= e;
      diags.add({
        severity: 'error',
        code: 'MOL2_RECORD_SKIPPED',
        message: `molecule ${k + 1} skipped: ${e.message}`,
        line: (e.details?.line as number | undefined) ?? s + 1,
        record: k,
      });
    }
  });
  if (records.length === 0) throw firstError!;
  return { source, records, recordCount: starts.length, diagnostics: diags.finish() };
}
