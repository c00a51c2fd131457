/** Public surface of @compass/sdk. */
export const VERSION = '0.1.0';
export * from './errors.js';
export { sharedDataDir, sharedDataAvailable } from './shared-data.js';
export * from './structure/index.js';
export * from './graph/index.js';
/**
 * The graph builder under one name, for code that prefers `graph.exp(...)` and `graph.where(...)` to the generic
 * root names (`exp`, `log`, `split`, `where`, `tensor`...), which stay exported for existing callers.
 */
export * as graph from './graph/index.js';
export * from './onnx/index.js';
export * from './params/index.js';
export * from './runtime/index.js';
export * from './datasets/index.js';
export * from './scoring/index.js';
export * from './cache/index.js';
export * from './model/index.js';
export * from './client/index.js';
export * from './training/index.js';
export * from './model-package/index.js';
export * from './facade/index.js';
export * from './predictor/index.js';
export {
  CheckpointError,
  isCheckpointError,
  readTorchStateDict,
  readTorchStateDictFile,
  type CheckpointErrorCode,
  type CheckpointLocation,
  type StateDict,
} from './checkpoint/index.js';
export {
  buildGignGraph,
  FeaturiseError,
  GIGN_FEATURISER_VERSION,
  isFeaturiseError,
  type FeaturiseErrorCode,
  type GignGraph,
} from './featurise/gign/index.js';
export * from './model-import/index.js';
export {
  datasetFeatures,
  evaluateRfScorePackage,
  isRfScoreError,
  loadRfScorePackage,
  parseRfScoreCsv,
  readRfScoreCsv,
  refitTreeEnsemble,
  RFSCORE_FEATURES_VERSION,
  RFSCORE_LIGAND_ELEMENTS,
  RFSCORE_PROTEIN_ELEMENTS,
  RfScoreError,
  rfScoreFeatures,
  RfScorePredictor,
  RfScoreReceptor,
  saveRfScorePackage,
  trainTreeEnsemble,
  type RfScoreErrorCode,
  type RfScorePredictorOptions,
  type TreeEnsembleOptionsInput,
} from './rfscore/index.js';
export { ChemistryError, isChemistryError, type ChemistryErrorCode } from './chemistry/errors.js';
