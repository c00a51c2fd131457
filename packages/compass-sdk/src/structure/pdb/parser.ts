/** PDB parser: ATOM/HETATM of one model, alternate locations by occupancy, elements from columns 77-78 or names. */
import { DiagnosticList } from '../diagnostics.js';
import { elementFromAtomName, normaliseElement, atomicNumber } from '../elements.js';
import { ParseError } from '../errors.js';
import { checkedLines, parseCoordinate, type ParseOptions, type TextInput } from '../io/text-source.js';
import { PdbAtomBuilder, type PdbAtomRow } from './atom-builder.js';
import type { PdbStructure } from './schema.js';

/** Options of {@link parsePdb}. */
export interface PdbParseOptions extends ParseOptions {
  /** MODEL serial number to read (default: the first model in the file). */
  readonly model?: number;
}

/** Per-line hook a dialect (PDBQT) uses to read its own columns past 66 and to pick the element. */
export interface PdbDialect {
  readonly name: string;
  /** Element from the dialect's own columns, or undefined to fall back to PDB rules. */
  element(line: string): string | undefined;
}

/** Parse a formal charge written "2+", "1-" (columns 79-80); 0 when blank or unreadable. */
function parseCharge(raw: string): number {
  const m = /^([0-9])([+-])$/.exec(raw.trim());
  if (!m) return 0;
  return (m[2] === '-' ? -1 : 1) * Number(m[1]);
}

/**
 * Parse PDB text or bytes (gzip allowed). Reads ATOM and HETATM records of the first MODEL (or `options.model`),
 * keeps for each atom with alternate locations the highest-occupancy one, and takes elements from columns 77-78,
 * inferring them from the atom name when blank (recorded as a diagnostic).
 *
 * @example
 * const s = parsePdb(readFileSync('receptor.pdb'), { source: 'receptor.pdb' });
 * console.log(s.atoms.count, s.residues.count, s.chains);
 * @throws {ParseError} on empty or binary input, a non-numeric coordinate, a truncated atom line, or no atoms.
 */
export function parsePdb(input: TextInput, options: PdbParseOptions = {}): PdbStructure {
  return parsePdbRows(input, options).structure;
}

/** The parser behind {@link parsePdb}, also returning the kept rows (with their text) for dialects such as PDBQT. */
export function parsePdbRows(
  input: TextInput,
  options: PdbParseOptions = {},
  dialect?: PdbDialect,
): { structure: PdbStructure; rows: readonly PdbAtomRow[] } {
  const source = options.source ?? '<input>';
  const lines = checkedLines(input, options);
  const diags = new DiagnosticList();
  const builder = new PdbAtomBuilder();
  let modelCount = 0;
  let inWanted = true;
  let wantedSeen = false;
  let inferred = 0;
  const conect: number[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    const rec = line.slice(0, 6);
    if (rec === 'MODEL ') {
      modelCount++;
      const serial = Number(line.slice(10, 14).trim() || modelCount);
      inWanted = options.model === undefined ? !wantedSeen : serial === options.model;
      if (inWanted) wantedSeen = true;
      continue;
    }
    if (rec === 'ENDMDL') {
      inWanted = false;
      continue;
    }
    if (rec === 'CONECT') {
      // Serials in columns 7-11, 12-16, ...; a blank or non-numeric field ends the record.
      const serials: number[] = [];
      for (let c = 6; c + 5 <= Math.min(line.length, 31); c += 5) {
        const v = Number.parseInt(line.slice(c, c + 5), 10);
        if (!Number.isFinite(v)) break;
        serials.push(v);
      }
      if (serials.length > 1) conect.push(serials);
      continue;
    }
    if (rec !== 'ATOM  ' && rec !== 'HETATM' && !(rec.startsWith('ATOM') && line.length > 54)) continue;
    if (!inWanted) continue;
    if (line.length < 54)
      throw new ParseError(
        'PARSE_TRUNCATED',
        `${rec.trim()} record of ${line.length} characters; expected x, y, z in columns 31-54`,
        { source, line: lineNo },
      );
    const hetatm = rec === 'HETATM';
    const name = line.slice(12, 16);
    let element = dialect?.element(line);
    if (element === undefined) {
      const col = line.slice(76, 78).trim();
      element = col.length > 0 && atomicNumber(col) > 0 ? normaliseElement(col) : '';
      if (element === '') {
        element = elementFromAtomName(name, hetatm);
        inferred++;
        if (inferred === 1)
          diags.add({
            severity: 'info',
            code: 'PDB_ELEMENT_INFERRED',
            message: `element of "${name.trim()}" inferred from the atom name as ${element}`,
            line: lineNo,
          });
      }
    }
    if (element === 'X')
      diags.add({
        severity: 'warning',
        code: 'PDB_UNKNOWN_ELEMENT',
        message: `unknown element for atom "${name.trim()}"`,
        line: lineNo,
      });
    const occRaw = line.slice(54, 60).trim();
    const bRaw = line.slice(60, 66).trim();
    const row: PdbAtomRow = {
      hetatm,
      serial: Number.parseInt(line.slice(6, 11), 10) || 0,
      name: name.trim(),
      altLoc: line[16] === ' ' || line[16] === undefined ? '' : line[16]!,
      resName: line.slice(17, 20).trim(),
      chainID: (line[21] ?? ' ').trim(),
      resSeq: Number.parseInt(line.slice(22, 26), 10) || 0,
      iCode: (line[26] ?? ' ').trim(),
      x: parseCoordinate(line.slice(30, 38), 'x (columns 31-38)', source, lineNo),
      y: parseCoordinate(line.slice(38, 46), 'y (columns 39-46)', source, lineNo),
      z: parseCoordinate(line.slice(46, 54), 'z (columns 47-54)', source, lineNo),
      occupancy: occRaw === '' ? 1 : Number(occRaw),
      tempFactor: bRaw === '' ? 0 : Number(bRaw),
      element,
      charge: dialect ? 0 : parseCharge(line.slice(78, 80)),
      line: lineNo,
      text: line,
    };
    if (!Number.isFinite(row.occupancy)) {
      diags.add({
        severity: 'warning',
        code: 'PDB_BAD_OCCUPANCY',
        message: `occupancy "${occRaw}" is not a number; 1 assumed`,
        line: lineNo,
      });
      row.occupancy = 1;
    }
    if (!Number.isFinite(row.tempFactor)) row.tempFactor = 0;
    builder.add(row);
  }
  if (options.model !== undefined && !wantedSeen && modelCount > 0)
    throw new ParseError('PARSE_BAD_RECORD', `MODEL ${options.model} not found (${modelCount} models)`, {
      source,
    });
  if (builder.rows.length === 0)
    throw new ParseError('PARSE_NO_ATOMS', 'no ATOM or HETATM records (expected a PDB coordinate section)', {
      source,
    });
  if (inferred > 1)
    diags.add({
      severity: 'info',
      code: 'PDB_ELEMENT_INFERRED',
      message: `${inferred} elements inferred from atom names (columns 77-78 blank)`,
    });
  if (builder.droppedAltLocs > 0)
    diags.add({
      severity: 'info',
      code: 'PDB_ALTLOC_RESOLVED',
      message: `${builder.droppedAltLocs} alternate-location atoms dropped (highest occupancy kept)`,
    });
  if (modelCount > 1)
    diags.add({ severity: 'info', code: 'PDB_MODELS', message: `${modelCount} models; only one read` });
  const { atoms, residues, chains } = builder.build();
  const structure = {
    source,
    atoms,
    residues,
    chains,
    modelCount: Math.max(1, modelCount),
    diagnostics: diags.finish(),
    ...(conect.length > 0 ? { conect } : {}),
  };
  return { structure, rows: builder.rows };
}
