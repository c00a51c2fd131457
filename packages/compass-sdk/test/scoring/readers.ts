/** Glue for the data-driven tests and the benchmark: structure-layer parsers turned into Vina typing inputs. */
import { parsePdb, parseSdf } from '../../src/structure/index.js';
import {
  ligandFromMolecule,
  proteinAtomsFromPdb,
  type LigandInput,
  type ProteinAtomInput,
} from '../../src/scoring/index.js';

/** Protein atoms of a PDB file. */
export function readProteinPdb(text: string): ProteinAtomInput[] {
  return proteinAtomsFromPdb(parsePdb(text));
}

/** Every record of an SDF file as a ligand bond table. */
export function readLigandRecords(text: string): LigandInput[] {
  return parseSdf(text).records.map(ligandFromMolecule);
}
