/** SDF/MOL as parsed, named after the CTfile specification (header block, counts line, atom and bond blocks, data items). */
import type { Diagnostic } from '../diagnostics.js';
import type { MoleculeAtoms, MoleculeBonds } from '../molecule.js';

/** One molfile record of an SD file. */
export interface SdfRecord {
  /** 0-based record index in the file (counting skipped records too). */
  readonly index: number;
  /** 1-based line where the record's header starts. */
  readonly line: number;
  /** Header line 1: the molecule name. */
  readonly name: string;
  /** Header line 2: program / timestamp line. */
  readonly program: string;
  /** Header line 3: comment. */
  readonly comment: string;
  /** Connection table version from the counts line. */
  readonly version: 'V2000' | 'V3000';
  readonly atoms: MoleculeAtoms;
  readonly bonds: MoleculeBonds;
  /** SD data items (`> <name>` then value lines), values joined with newlines. */
  readonly data: Readonly<Record<string, string>>;
}

/** A parsed SD file: the records that parsed, and a diagnostic for every record skipped and why. */
export interface SdfFile {
  readonly source: string;
  readonly records: readonly SdfRecord[];
  /** How many `$$$$`-delimited records the file held, parsed or not. */
  readonly recordCount: number;
  readonly diagnostics: readonly Diagnostic[];
}
