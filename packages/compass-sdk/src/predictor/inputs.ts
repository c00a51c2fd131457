/** Reading prediction inputs: a protein file and a (multi-record) ligand file become one complex per record. */
import type { Diagnostic } from '../structure/diagnostics.js';
import { readLigands, readProtein } from '../structure/formats.js';
import type { ComplexInput } from './contract.js';

/** Complexes read from files, with the reader's warnings. */
export interface ComplexFileInputs {
  readonly complexes: readonly (ComplexInput & { readonly name: string; readonly index: number })[];
  /** Parser diagnostics of the ligand file (records skipped and why). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Read `proteinPath` (PDB/PDBQT) and `ligandPath` (SDF/MOL2/PDB/PDBQT, any number of records): one complex per
 * ligand record, its `id` and `name` being the record's name.
 *
 * @example
 * const { complexes } = await readComplexFiles('pocket.pdb', 'poses.sdf');
 * const predictions = await predictor.predictBatch(complexes);
 * @throws {ParseError} when a file cannot be read or parsed.
 */
export async function readComplexFiles(proteinPath: string, ligandPath: string): Promise<ComplexFileInputs> {
  const [protein, ligands] = await Promise.all([readProtein(proteinPath), readLigands(ligandPath)]);
  return {
    complexes: ligands.records.map((ligand) => ({
      protein,
      ligand,
      id: ligand.name,
      name: ligand.name,
      index: ligand.index,
    })),
    diagnostics: ligands.diagnostics,
  };
}
