/** Predictors: the contract every predictor meets, one model with dynamic batching, ensembles, the bundled default, and file inputs. */
export {
  pKFromKcal,
  type AffinityPrediction,
  type AffinityPredictor,
  type ComplexInput,
  type PredictOptions,
} from './contract.js';
export { PredictorError, isPredictorError, type PredictorErrorCode } from './errors.js';
export {
  CompassPredictor,
  type CompassPredictorOptions,
  type PredictionOutcome,
} from './compass-predictor.js';
export { EnsemblePredictor, type EnsembleOptions } from './ensemble-predictor.js';
export {
  GIGN_RFSCORE_WEIGHTS,
  loadGignRfScoreEnsemble,
  type GignRfScoreEnsembleOptions,
} from './gign-rfscore-ensemble.js';
export { loadDefaultPredictor, type DefaultPredictorOptions } from './default-predictor.js';
export { readComplexFiles, type ComplexFileInputs } from './inputs.js';
export {
  cardReportsUncertainty,
  loadPredictor,
  reportsUncertainty,
  type PackagePredictor,
} from './load-predictor.js';
