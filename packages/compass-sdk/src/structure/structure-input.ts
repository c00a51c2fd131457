/**
 * One reading of a given structure (inline text, or file bytes, with an optional format name) into parsed records:
 * the server's predict routes and the in-process facade both parse through here.
 */
import { ParseError, StructureError } from './errors.js';
import {
  detectFormat,
  parseLigands,
  parseProtein,
  type LigandFile,
  type StructureFormat,
} from './formats.js';
import type { PdbStructure } from './pdb/schema.js';

/** A structure as given: its text or bytes, the format it was named in (if any), and where it came from. */
export interface StructureText {
  readonly text: string | Uint8Array;
  /** `pdb`, `pdbqt`, `sdf`, `mol` or `mol2`; detected from `source`'s extension, else the content, when absent. */
  readonly format?: string;
  /** File name or a label such as `<sdf>`, used in error messages and for detection. */
  readonly source: string;
}

/** A ligand file's records with the parser's warnings (diagnostics above `info`). */
export interface ParsedLigandInput {
  readonly file: LigandFile;
  readonly warnings: readonly string[];
}

const FORMAT_NAMES: Readonly<Record<string, StructureFormat>> = {
  mol: 'sdf',
  sdf: 'sdf',
  mol2: 'mol2',
  pdb: 'pdb',
  pdbqt: 'pdbqt',
};

/** The format of `input`: its named format (`mol` is SDF), else detected; STRUCTURE_UNKNOWN_FORMAT otherwise. */
export function structureFormat(input: StructureText): StructureFormat {
  if (input.format !== undefined) {
    const named = FORMAT_NAMES[input.format.toLowerCase()];
    if (!named)
      throw new StructureError(
        'STRUCTURE_UNKNOWN_FORMAT',
        `${input.source}: unknown format "${input.format}"`,
      );
    return named;
  }
  return detectFormat(input.source, typeof input.text === 'string' ? input.text : undefined);
}

/**
 * Parses a protein (PDB or PDBQT). Throws the parser's typed errors, or `ParseError('PARSE_NO_ATOMS')` when it
 * holds no atom.
 *
 * @example
 * ```ts
 * const protein = parseProteinInput({ text: pdbText, format: 'pdb', source: 'receptor.pdb' });
 * ```
 */
export function parseProteinInput(input: StructureText): PdbStructure {
  const protein = parseProtein(input.text, { format: structureFormat(input), source: input.source });
  if (protein.atoms.count === 0)
    throw new ParseError('PARSE_NO_ATOMS', 'the protein has no atoms', { source: input.source });
  return protein;
}

/**
 * Parses every ligand record of an SDF, MOL2, PDBQT or PDB input. Throws the parser's typed errors, or
 * `ParseError('PARSE_EMPTY')` when no record could be read.
 */
export function parseLigandInput(input: StructureText): ParsedLigandInput {
  const file = parseLigands(input.text, { format: structureFormat(input), source: input.source });
  if (file.records.length === 0)
    throw new ParseError('PARSE_EMPTY', 'no ligand record could be read', { source: input.source });
  const warnings = file.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message);
  return { file, warnings };
}
