/** GIGN's featuriser: complexes as the graphs GIGN's own preprocessing builds (PyMOL pocket, Open Babel, RDKit). */
export { GIGN_FEATURISER_VERSION } from './version.js';
export { buildGignGraph, GIGN_INTER_CUTOFF, type GignGraph } from './graph.js';
export { GIGN_ATOM_FEATURES } from './atom-features.js';
export { FeaturiseError, isFeaturiseError, type FeaturiseErrorCode } from './errors.js';
export { cutPocket, POCKET_CUTOFF, type Pocket } from './pymol-pocket.js';
export { obabelLigand, type ObabelLigand } from './obabel-ligand.js';
