/** AutoDock Vina's scoring function in TypeScript: typing, terms, receptor preparation, scoring, reference harness. */
export {
  XS,
  XS_NAMES,
  XS_RADIUS,
  XS_TYPE_COUNT,
  VINA_METALS,
  xsIsAcceptor,
  xsIsDonor,
  xsIsHydrophobic,
  xsHydrogenBondPossible,
  type XsType,
} from './atom-types.js';
export {
  VINA_CUTOFF,
  VINA_CUTOFF_SQ,
  VINA_TERM_NAMES,
  VINA_WEIGHTS,
  addPairTerms,
  pairEnergy,
  type VinaTermName,
  type VinaWeights,
} from './terms.js';
export {
  COVALENT_RADIUS as VINA_COVALENT_RADIUS,
  Mobility as VinaMobility,
  MAX_ATOMS_PER_PERCEPTION_CELL,
  MAX_BOND_CANDIDATES,
  perceiveBonds as perceiveVinaBonds,
  type MobilityFn as VinaMobilityFn,
  type PerceivedBonds as VinaBonds,
} from './bond-perception.js';
export { typeFromAutodock, type AutodockAtomInput } from './autodock-typing.js';
export { torsionTreeMobility, type TorsionBranch, type TorsionTree } from './torsion-tree.js';
export { countVinaTorsions } from './rotatable-bonds.js';
export { typeLigandFromBonds, type LigandBondInput, type LigandInput } from './ligand-typing.js';
export { typeProtein, type ProteinAtomInput, type ProteinTypingOptions } from './protein-typing.js';
export { VinaReceptor } from './receptor.js';
export {
  VINA_CLASH_DISTANCE,
  VINA_CURL_V,
  scoreVina,
  type VinaScore,
  type VinaScoreOptions,
} from './scorer.js';
export type { VinaTypedLigand, VinaTypedMolecule } from './typed-molecule.js';
export {
  autodockAtomsFromPdbqt,
  ligandFromMolecule,
  proteinAtomsFromPdb,
  type ParsedMolecule,
} from './from-structure.js';
export { readPdbqtTorsionTree } from './pdbqt-torsion-tree.js';
export { typeLigandPdbqt, typeReceptorPdbqt } from './pdbqt-input.js';
