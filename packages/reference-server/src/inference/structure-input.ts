/** Turns an inline or path structure input into parsed protein and ligand records, with typed errors. */
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, relative, resolve, isAbsolute, sep } from 'node:path';
import {
  detectFormat,
  isCompassError,
  parseLigands,
  parseProtein,
  type LigandRecord,
  type PdbStructure,
  type StructureFormat,
} from '@compass/sdk';
import { ServerError } from '../errors.js';
import { type LigandInput, type ProteinInput } from './schemas.js';

/** Where path inputs may point and how big a structure file may be. */
export interface StructureInputOptions {
  /** Folder that `{ path }` inputs must lie inside; paths are refused when unset. */
  readonly allowedDir?: string;
  /** Largest structure file read from a path, in bytes (default 64 MiB). */
  readonly maxFileBytes?: number;
}

/** Structure text with the format it is in. */
interface StructureText {
  readonly text: string | Uint8Array;
  readonly format: StructureFormat | undefined;
  readonly source: string;
}

const FORMAT_ALIASES: Record<string, StructureFormat> = {
  mol: 'sdf',
  sdf: 'sdf',
  mol2: 'mol2',
  pdb: 'pdb',
  pdbqt: 'pdbqt',
};

/** Resolves `path` inside `allowedDir` (after following links) or throws PATH_NOT_ALLOWED. */
export async function allowedPath(path: string, options: StructureInputOptions): Promise<string> {
  if (!options.allowedDir) {
    throw new ServerError('PATH_NOT_ALLOWED', 'this server does not read structures from its own disk', {
      details: { path },
    });
  }
  const root = await realpath(options.allowedDir);
  const candidate = isAbsolute(path) ? path : resolve(root, path);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    throw new ServerError('NOT_FOUND', `no file at ${path} in the allowed directory`, {
      details: { kind: 'file', id: path },
    });
  }
  const rel = relative(root, real);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    throw new ServerError('PATH_NOT_ALLOWED', 'the path is outside the allowed directory', {
      details: { path },
    });
  }
  return real;
}

async function textOf(
  input: ProteinInput | LigandInput,
  options: StructureInputOptions,
): Promise<StructureText> {
  if ('text' in input)
    return { text: input.text, format: FORMAT_ALIASES[input.format], source: `<${input.format}>` };
  const file = await allowedPath(input.path, options);
  const info = await stat(file);
  const max = options.maxFileBytes ?? 64 * 1024 ** 2;
  if (!info.isFile())
    throw new ServerError('PATH_NOT_ALLOWED', 'the path is not a file', { details: { path: input.path } });
  if (info.size > max)
    throw new ServerError('PAYLOAD_TOO_LARGE', `the file is larger than ${max} bytes`, {
      details: { path: input.path },
    });
  return { text: await readFile(file), format: undefined, source: basename(file) };
}

function structureError(field: 'protein' | 'ligand', e: unknown): ServerError {
  if (isCompassError(e)) {
    return new ServerError('INVALID_STRUCTURE', `${field}: ${e.message}`, {
      cause: e,
      details: { field, cause: e.code },
    });
  }
  return new ServerError('INVALID_STRUCTURE', `${field}: ${e instanceof Error ? e.message : String(e)}`, {
    cause: e,
    details: { field },
  });
}

/** Parses a protein input (PDB or PDBQT); INVALID_STRUCTURE (422) when it cannot be read. */
export async function readProteinInput(
  input: ProteinInput,
  options: StructureInputOptions,
): Promise<PdbStructure> {
  const t = await textOf(input, options);
  try {
    const format = t.format ?? detectFormat(t.source, typeof t.text === 'string' ? t.text : undefined);
    const protein = parseProtein(t.text, { format, source: t.source });
    if (protein.atoms.count === 0) throw new Error('no atoms');
    return protein;
  } catch (e) {
    throw structureError('protein', e);
  }
}

/** Parsed ligand records with the parser's warnings. */
export interface ParsedLigands {
  readonly records: readonly LigandRecord[];
  readonly warnings: readonly string[];
}

/** Parses a ligand input (every record of an SDF/MOL2 file); INVALID_STRUCTURE (422) when none can be read. */
export async function readLigandInput(
  input: LigandInput,
  options: StructureInputOptions,
): Promise<ParsedLigands> {
  const t = await textOf(input, options);
  try {
    const format = t.format ?? detectFormat(t.source, typeof t.text === 'string' ? t.text : undefined);
    const file = parseLigands(t.text, { format, source: t.source });
    if (file.records.length === 0) throw new Error('no ligand record could be read');
    const warnings = file.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message);
    return { records: file.records, warnings };
  } catch (e) {
    throw structureError('ligand', e);
  }
}
