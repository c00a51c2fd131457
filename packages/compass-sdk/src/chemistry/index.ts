/**
 * Chemistry perception as RDKit 2022.09 does it, in TypeScript: the periodic table, proximity bonding and
 * residue templates of its PDB reader, and sanitisation (valence, rings, aromaticity, conjugation, hybridisation).
 */
export * from './errors.js';
export * from './mol-graph.js';
export * from './periodic-table.js';
export { findRings, ringBonds, type RingSet } from './rings.js';
export {
  addProximityBonds,
  isBlacklistedElement,
  isBlacklistedPair,
  type ResidueIdentity,
} from './proximity-bonds.js';
export { isTemplateDoubleBond } from './residue-templates.js';
export { pdbMolecule, type PdbMoleculeAtoms, type ConectLink } from './pdb-molecule.js';
export { sanitize, type SanitizedMol } from './sanitize.js';
export { Hybridisation, hybridisationName } from './hybridisation.js';
export { countAtomElectrons } from './aromaticity.js';
export { kekulize, type KekuleProblem, type KekuleResult } from './kekulize.js';
export {
  perceiveBondOrders,
  type BondOrderInput,
  type HydrogenKnowledge,
  type PerceivedOrders,
} from './bond-orders.js';
export { Geometry, geometryOf, ringPlaneDeviation } from './geometry-hybridisation.js';
