/** Turns an inline or path structure input into parsed protein and ligand records, with typed errors. */
import {
  isCompassError,
  type LigandRecord,
  parseLigandInput,
  parseProteinInput,
  type PdbStructure,
  type StructureText,
} from '@compass/sdk/engine';
import { ServerError } from '../errors.js';
import { fromSdkError } from '../http/sdk-errors.js';
import { readContainedFile } from './contained-file.js';
import { type LigandInput, type ProteinInput } from './schemas.js';

/** Where path inputs may point and how big a structure file may be. */
export interface StructureInputOptions {
  /** Folder that `{ path }` inputs must lie inside; paths are refused when unset. */
  readonly allowedDir?: string;
  /** Largest structure file read from a path, in bytes (default 64 MiB). */
  readonly maxFileBytes?: number;
}

/**
 * Reads a `{ path }` input inside `allowedDir` through one handle ({@link readContainedFile}); PATH_NOT_ALLOWED
 * (403) when the server reads no paths, one NOT_FOUND (404) for every path it may not or cannot read.
 */
export async function readAllowedPath(
  path: string,
  options: StructureInputOptions,
): Promise<{ readonly bytes: Buffer; readonly source: string }> {
  if (!options.allowedDir) {
    throw new ServerError('PATH_NOT_ALLOWED', 'this server does not read structures from its own disk', {
      details: { path },
    });
  }
  const file = await readContainedFile(path, options.allowedDir, options.maxFileBytes ?? 64 * 1024 ** 2);
  return { bytes: file.bytes, source: file.name };
}

async function textOf(
  input: ProteinInput | LigandInput,
  options: StructureInputOptions,
): Promise<StructureText> {
  if ('text' in input) return { text: input.text, format: input.format, source: `<${input.format}>` };
  const file = await readAllowedPath(input.path, options);
  return { text: file.bytes, source: file.source };
}

function structureError(field: 'protein' | 'ligand', e: unknown): ServerError {
  if (isCompassError(e)) return fromSdkError(e, { field });
  return new ServerError('INVALID_STRUCTURE', `${field}: ${e instanceof Error ? e.message : String(e)}`, {
    cause: e,
    details: { field },
  });
}

/** Parses a protein input (PDB or PDBQT) with the SDK's parseProteinInput; INVALID_STRUCTURE (422) when unreadable. */
export async function readProteinInput(
  input: ProteinInput,
  options: StructureInputOptions,
): Promise<PdbStructure> {
  const t = await textOf(input, options);
  try {
    return parseProteinInput(t);
  } catch (e) {
    throw structureError('protein', e);
  }
}

/** Parsed ligand records with the parser's warnings. */
export interface ParsedLigands {
  readonly records: readonly LigandRecord[];
  readonly warnings: readonly string[];
}

/** Parses a ligand input (every record) with the SDK's parseLigandInput; INVALID_STRUCTURE (422) when none reads. */
export async function readLigandInput(
  input: LigandInput,
  options: StructureInputOptions,
): Promise<ParsedLigands> {
  const t = await textOf(input, options);
  try {
    const { file, warnings } = parseLigandInput(t);
    return { records: file.records, warnings };
  } catch (e) {
    throw structureError('ligand', e);
  }
}
