/** One entry point per role: read a protein (PDB, PDBQT) or ligands (SDF/MOL, MOL2, PDB, PDBQT) by name or content. */
import { basename } from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import { atomicNumber } from './elements.js';
import { StructureError } from './errors.js';
import {
  decodeText,
  readInput,
  type ParseOptions,
  type StreamInput,
  type TextInput,
} from './io/text-source.js';
import type { MoleculeAtoms, MoleculeBonds } from './molecule.js';
import { parseMol2 } from './mol2/parser.js';
import { parsePdb } from './pdb/parser.js';
import type { PdbStructure } from './pdb/schema.js';
import { parsePdbqt } from './pdbqt/parser.js';
import { parseSdf } from './sdf/parser.js';
import { readRegularFile } from './io/read-regular-file.js';

/** Formats the structure layer reads. */
export type StructureFormat = 'pdb' | 'pdbqt' | 'sdf' | 'mol2';

/** A ligand record in a format-neutral form: what featurisation and pocket extraction need. */
export interface LigandRecord {
  readonly index: number;
  readonly name: string;
  readonly atoms: MoleculeAtoms;
  /** Bonds from the file (empty for PDB/PDBQT ligands, which carry none). */
  readonly bonds: MoleculeBonds;
  /** SD data items (SDF only; empty otherwise). */
  readonly data: Readonly<Record<string, string>>;
  /** Per-atom type from the file when it has one: SYBYL types for MOL2 ("N.4"), AutoDock types for PDBQT ("OA"). */
  readonly atomType?: readonly string[];
  /** Per-atom name and residue from the file when it has them (MOL2 atom_name, subst_id and subst_name). */
  readonly atomName?: readonly string[];
  readonly residueId?: Uint32Array;
  readonly residueName?: readonly string[];
  /** PDB/PDBQT only: HETATM flag and serial per atom, and the file's CONECT records (serial lists). */
  readonly hetatm?: Uint8Array;
  readonly serial?: Int32Array;
  readonly conect?: readonly (readonly number[])[];
}

/** The ligand records of a file and the parser's diagnostics. */
export interface LigandFile {
  readonly source: string;
  readonly format: StructureFormat;
  readonly records: readonly LigandRecord[];
  readonly recordCount: number;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The format of a file from its name (".sdf", ".mol", ".sd", ".mol2", ".pdb", ".ent", ".pdbqt", each optionally
 * ".gz"), else from its content. Throws STRUCTURE_UNKNOWN_FORMAT when neither tells.
 */
export function detectFormat(name: string | undefined, text?: string): StructureFormat {
  const n = (name ?? '').toLowerCase().replace(/\.gz$/, '');
  if (/\.(sdf|sd|mol)$/.test(n)) return 'sdf';
  if (n.endsWith('.mol2')) return 'mol2';
  if (n.endsWith('.pdbqt')) return 'pdbqt';
  if (/\.(pdb|ent)$/.test(n)) return 'pdb';
  if (text !== undefined) {
    if (text.includes('@<TRIPOS>MOLECULE')) return 'mol2';
    if (/^(ATOM {2}|HETATM)/m.test(text))
      return /^(ROOT|TORSDOF|REMARK {2}Name)/m.test(text) ? 'pdbqt' : 'pdb';
    if (/M {2}END/.test(text)) return 'sdf';
  }
  throw new StructureError(
    'STRUCTURE_UNKNOWN_FORMAT',
    `cannot tell the format of ${name ?? 'the input'} (expected .pdb, .pdbqt, .sdf, .mol or .mol2)`,
  );
}

const EMPTY_BONDS: MoleculeBonds = {
  count: 0,
  from: new Uint32Array(0),
  to: new Uint32Array(0),
  order: new Uint8Array(0),
};

/** Options of {@link parseLigands} and {@link parseProtein}. */
export interface FormatOptions extends ParseOptions {
  /** Format to use; default from `source`'s extension, else sniffed from the content. */
  readonly format?: StructureFormat;
}

/** Parse ligand records from any supported format. A PDB ligand becomes one record without bonds. */
export function parseLigands(input: TextInput, options: FormatOptions = {}): LigandFile {
  const source = options.source ?? '<input>';
  const text = decodeText(input, source);
  const format = options.format ?? detectFormat(options.source, text);
  if (format === 'sdf') {
    const f = parseSdf(text, options);
    return {
      source,
      format,
      records: f.records.map((r) => ({
        index: r.index,
        name: r.name,
        atoms: r.atoms,
        bonds: r.bonds,
        data: r.data,
      })),
      recordCount: f.recordCount,
      diagnostics: f.diagnostics,
    };
  }
  if (format === 'mol2') {
    const f = parseMol2(text, options);
    return {
      source,
      format,
      records: f.records.map((r) => ({
        index: r.index,
        name: r.mol_name,
        atoms: r.atoms,
        bonds: r.bonds,
        data: {},
        atomType: r.atomType,
        atomName: r.atomName,
        residueId: r.substId,
        residueName: Array.from(
          r.substId,
          (id) => r.substructures.find((sub) => sub.subst_id === id)?.subst_name ?? '',
        ),
      })),
      recordCount: f.recordCount,
      diagnostics: f.diagnostics,
    };
  }
  const s = format === 'pdbqt' ? parsePdbqt(text, options) : parsePdb(text, options);
  const atoms: MoleculeAtoms = {
    count: s.atoms.count,
    coords: s.atoms.coords,
    element: s.atoms.element,
    atomicNumber: Uint8Array.from(s.atoms.element, atomicNumber),
    formalCharge: s.atoms.charge,
  };
  return {
    source,
    format,
    records: [
      {
        index: 0,
        name: s.residues.resName[0] ?? basename(source),
        atoms,
        bonds: EMPTY_BONDS,
        data: {},
        atomName: s.atoms.name,
        residueId: s.atoms.residueIndex,
        residueName: s.atoms.resName,
        hetatm: s.atoms.hetatm,
        serial: s.atoms.serial,
        ...(s.conect ? { conect: s.conect } : {}),
        ...('autodockType' in s ? { atomType: (s as { autodockType: readonly string[] }).autodockType } : {}),
      },
    ],
    recordCount: 1,
    diagnostics: s.diagnostics,
  };
}

/** Parse a protein (PDB or PDBQT). */
export function parseProtein(input: TextInput, options: FormatOptions = {}): PdbStructure {
  const source = options.source ?? '<input>';
  const text = decodeText(input, source);
  const format = options.format ?? detectFormat(options.source, text);
  if (format === 'pdbqt') return parsePdbqt(text, options);
  if (format !== 'pdb')
    throw new StructureError(
      'STRUCTURE_UNKNOWN_FORMAT',
      `${source}: a protein must be PDB or PDBQT, not ${format}`,
    );
  return parsePdb(text, options);
}

/** Read a file (or a stream, with `options.source` naming it) and parse it as ligands. */
export async function readLigands(
  input: string | StreamInput,
  options: FormatOptions = {},
): Promise<LigandFile> {
  const { data, source } = await load(input, options);
  return parseLigands(data, { ...options, source });
}

/** Read a file (or a stream) and parse it as a protein. */
export async function readProtein(
  input: string | StreamInput,
  options: FormatOptions = {},
): Promise<PdbStructure> {
  const { data, source } = await load(input, options);
  return parseProtein(data, { ...options, source });
}

// A bare string is a path here; text goes to the synchronous parsers.
async function load(
  input: string | StreamInput,
  options: FormatOptions,
): Promise<{ data: TextInput; source: string }> {
  // a path is opened once and read through its handle: devices, FIFOs and oversized files are refused
  if (typeof input === 'string')
    return {
      data: await readRegularFile(input, { source: options.source ?? input }),
      source: options.source ?? input,
    };
  const source = options.source ?? '<stream>';
  return { data: await readInput(input, { source }), source };
}
