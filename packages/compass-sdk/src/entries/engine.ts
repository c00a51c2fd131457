/**
 * `@compass/sdk/engine`: every part of the engine below the root's short list, for code that builds on the engine
 * rather than only using it: runtime sessions and tensors, model definitions and hyper-parameters, structure
 * internals (pockets, featurisers, graphs, batches), datasets and archives, the feature cache, the Vina scorer's
 * parts, RF-Score features and tree training, GIGN featurisation, checkpoint import, model packages and training
 * internals. The graph builder is `@compass/sdk/graph`; the HTTP client is `@compass/sdk/client`.
 */
export * from '../errors.js';
export * from '../structure/index.js';
export * from '../runtime/index.js';
export * from '../datasets/index.js';
export * from '../scoring/index.js';
export * from '../cache/index.js';
export * from '../model/index.js';
export * from '../training/index.js';
export * from '../model-package/index.js';
export * from '../facade/index.js';
export * from '../predictor/index.js';
export * from '../checkpoint/index.js';
export * from '../featurise/gign/index.js';
export * from '../model-import/index.js';
export * from '../rfscore/index.js';
export { ChemistryError, isChemistryError, type ChemistryErrorCode } from '../chemistry/errors.js';
