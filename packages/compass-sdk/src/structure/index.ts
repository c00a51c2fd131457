/** Public surface of the structure layer: parsers, the Complex type, pockets, features, graphs and batches. */
export * from './errors.js';
export type { Diagnostic, Severity } from './diagnostics.js';
export { atomicNumber, elementSymbol, normaliseElement, elementFromAtomName } from './elements.js';
export {
  readInput,
  decodeText,
  type TextInput,
  type StreamInput,
  type ParseOptions,
  MAX_INPUT_BYTES,
} from './io/text-source.js';
export { readRegularFile, type ReadRefusal, type ReadRegularFileOptions } from './io/read-regular-file.js';
export {
  COORDINATE_LIMIT,
  coordinateProblem,
  firstBadCoordinate,
  isCoordinateInRange,
} from './coordinate-limit.js';
export { AROMATIC_BOND, type MoleculeAtoms, type MoleculeBonds } from './molecule.js';
export type { PdbAtoms, PdbResidues, PdbStructure } from './pdb/schema.js';
export { parsePdb, type PdbParseOptions } from './pdb/parser.js';
export type { PdbqtStructure } from './pdbqt/schema.js';
export { parsePdbqt } from './pdbqt/parser.js';
export type { SdfFile, SdfRecord } from './sdf/schema.js';
export { parseSdf } from './sdf/parser.js';
export type { Mol2File, Mol2Record, Mol2Substructure } from './mol2/schema.js';
export { parseMol2, elementFromSybylType } from './mol2/parser.js';
export {
  detectFormat,
  parseLigands,
  parseProtein,
  readLigands,
  readProtein,
  type FormatOptions,
  type LigandFile,
  type LigandRecord,
  type StructureFormat,
} from './formats.js';
export {
  parseLigandInput,
  parseProteinInput,
  structureFormat,
  type ParsedLigandInput,
  type StructureText,
} from './structure-input.js';
export { makeComplex, selectAtoms, type Complex } from './complex.js';
export { CellList } from './cell-list.js';
export { extractPocket, WATER_NAMES, type PocketOptions } from './pocket.js';
export { ligandWithoutHydrogens, ligandSubset, dedupeLigand } from './ligand-filter.js';
export {
  FEATURISER_VERSION,
  FEATURISER_DESCRIPTION,
  ELEMENT_VOCABULARY,
  FeaturiserMismatchError,
  assertFeaturiserVersion,
  elementIndex,
  featurise,
  type FeaturisedComplex,
  type FeaturiserDescription,
} from './featurise.js';
export {
  radiusGraph,
  radiusGraphQuadratic,
  paddedNeighbours,
  type RadiusGraph,
  type RadiusGraphOptions,
  type PaddedNeighbours,
} from './radius-graph.js';
export { batchComplexes, type ComplexBatch } from './batch.js';
