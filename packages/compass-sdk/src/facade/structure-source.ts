/** Structures as `createCompass` takes them: a local file path or inline text, turned into what each tier needs. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { detectFormat, type LigandFile } from '../structure/formats.js';
import type { PdbStructure } from '../structure/pdb/schema.js';
import { parseLigandInput, parseProteinInput } from '../structure/structure-input.js';

/** A structure: a local file (format from the extension) or inline text. */
export type StructureSource =
  { readonly path: string } | { readonly text: string; readonly format: string; readonly name?: string };

/** A protein-ligand pair to predict, with an optional label. */
export interface ComplexSource {
  readonly protein: StructureSource;
  readonly ligand: StructureSource;
  readonly id?: string;
}

/** A structure as inline text with its format, read once and shared by every tier. */
export interface InlineStructure {
  readonly format: string;
  readonly text: string;
  readonly name: string;
}

/** Reads a path (once) or passes inline text through. */
export async function inline(source: StructureSource): Promise<InlineStructure> {
  if ('path' in source) {
    const text = await readFile(source.path, 'utf8');
    return { text, format: detectFormat(source.path, text), name: basename(source.path) };
  }
  return { text: source.text, format: source.format, name: source.name ?? `<${source.format}>` };
}

/** Parses an inline protein for an in-process predictor (the same SDK function the server's routes use). */
export function parsedProtein(s: InlineStructure): PdbStructure {
  return parseProteinInput({ text: s.text, format: s.format, source: s.name });
}

/** Parses an inline ligand file (every record) for an in-process predictor (the same function as the server). */
export function parsedLigands(s: InlineStructure): LigandFile {
  return parseLigandInput({ text: s.text, format: s.format, source: s.name }).file;
}
