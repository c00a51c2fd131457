/** PDBQT parser: the PDB column layout with AutoDock charges and atom types; elements come from the AD type. */
import { ParseError } from '../errors.js';
import { normaliseElement, atomicNumber } from '../elements.js';
import { checkedLines, decodeText, type TextInput } from '../io/text-source.js';
import { parsePdbRows, type PdbParseOptions } from '../pdb/parser.js';
import type { PdbqtStructure } from './schema.js';

// AutoDock types that are not element symbols.
const AD_TYPE_ELEMENT: Readonly<Record<string, string>> = {
  A: 'C',
  OA: 'O',
  NA: 'N',
  NS: 'N',
  OS: 'O',
  SA: 'S',
  HD: 'H',
  HS: 'H',
  G0: 'C',
  G1: 'C',
  G2: 'C',
  G3: 'C',
  CG0: 'C',
  CG1: 'C',
  CG2: 'C',
  CG3: 'C',
  W: 'X',
};

function adType(line: string): string {
  return line.slice(77, 79).trim();
}

/**
 * Parse PDBQT text or bytes. Atoms, residues and chains as {@link parsePdb}; the element comes from the AutoDock
 * type in columns 78-79 ("OA" -> O, "A" -> C, "HD" -> H).
 *
 * @throws {ParseError} as {@link parsePdb}, and PARSE_BAD_COORDINATE for a non-numeric partial charge.
 */
export function parsePdbqt(input: TextInput, options: PdbParseOptions = {}): PdbqtStructure {
  const source = options.source ?? '<input>';
  const text = decodeText(input, source);
  const { structure, rows } = parsePdbRows(text, options, {
    name: 'pdbqt',
    element(line) {
      const t = adType(line);
      if (t === '') return undefined;
      const mapped = AD_TYPE_ELEMENT[t.toUpperCase()];
      if (mapped !== undefined) return mapped;
      return atomicNumber(t) > 0 ? normaliseElement(t) : undefined;
    },
  });
  const partialCharge = new Float32Array(rows.length);
  const autodockType: string[] = [];
  rows.forEach((r, i) => {
    const raw = r.text.slice(70, 76).trim();
    const q = raw === '' ? 0 : Number(raw);
    if (!Number.isFinite(q))
      throw new ParseError(
        'PARSE_BAD_COORDINATE',
        `expected a partial charge in columns 71-76, got "${raw}"`,
        { source, line: r.line },
      );
    partialCharge[i] = q;
    autodockType.push(adType(r.text));
  });
  let torsdof: number | undefined;
  for (const line of checkedLines(text, options)) {
    if (line.startsWith('TORSDOF')) torsdof = Number(line.slice(7).trim()) || 0;
  }
  return { ...structure, partialCharge, autodockType, torsdof };
}
