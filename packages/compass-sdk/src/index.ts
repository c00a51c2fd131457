/**
 * `@compass/sdk`: what an app needs to predict and train binding affinities. The facade ({@link createCompass}), the
 * predictors behind one contract, {@link TrainingJob}, the structure parsers, model packages and the error families.
 *
 * The rest has subpath entries: `@compass/sdk/client` (the HTTP contract and the typed client, browser-safe),
 * `@compass/sdk/graph` (the ONNX graph builder, autodiff, programs and parameters) and `@compass/sdk/engine` (runtime
 * sessions, model definitions, featurisers, datasets, caches, scorers, RF-Score training, checkpoint import).
 */
export const VERSION = '0.1.0';

// Errors: every engine error is a CompassError with a literal `code`; the families an app meets at this surface.
export { CompassError, isCompassError, type CompassErrorOptions } from './errors.js';
export { ParseError, isParseError, type ParseErrorCode, type ParseLocation } from './structure/errors.js';
export { TrainingError, isTrainingError, type TrainingErrorCode } from './training/errors.js';
export { PredictorError, isPredictorError, type PredictorErrorCode } from './predictor/errors.js';
export {
  ModelPackageError,
  isModelPackageError,
  type ModelPackageErrorCode,
} from './model-package/errors.js';
export { CompassFacadeError, isCompassFacadeError } from './facade/errors.js';
export { RuntimeError, isRuntimeError, type RuntimeErrorCode } from './runtime/errors.js';

// The facade: one call that predicts through the remote pool, the in-process engine or Vina.
export {
  Compass,
  createCompass,
  type CompassCallOptions,
  type CreateCompassOptions,
} from './facade/create-compass.js';
export type {
  CompassBatchResult,
  CompassPrediction,
  CompassPredictResult,
  TierFallback,
} from './facade/results.js';

// Predictors: one contract, the COMPASS model, ensembles, Vina and RF-Score, and loading any package as one.
export type {
  AffinityPrediction,
  AffinityPredictor,
  ComplexInput,
  PredictOptions,
} from './predictor/contract.js';
export { CompassPredictor, type CompassPredictorOptions } from './predictor/compass-predictor.js';
export { EnsemblePredictor } from './predictor/ensemble-predictor.js';
export { loadDefaultPredictor } from './predictor/default-predictor.js';
export { loadPredictor, type PackagePredictor } from './predictor/load-predictor.js';
export { VinaPredictor } from './scoring/vina-predictor.js';
export { RfScorePredictor } from './rfscore/predictor.js';

// Training.
export { TrainingJob, type TrainingJobOptions } from './training/training-job.js';
export { parseTrainingConfig, type TrainingConfig, type TrainingConfigInput } from './training/config.js';
export type {
  EpochEvent,
  LogEvent,
  MetricsEvent,
  StepEvent,
  TrainingJobEvents,
  TrainingResult,
  TrainingState,
} from './training/events.js';
export type { RegressionMetrics } from './training/metrics.js';

// Structure parsers.
export {
  detectFormat,
  parseLigands,
  parseProtein,
  type LigandRecord,
  type StructureFormat,
} from './structure/formats.js';
export { parsePdb } from './structure/pdb/parser.js';
export type { PdbStructure } from './structure/pdb/schema.js';
export { parsePdbqt } from './structure/pdbqt/parser.js';
export { parseSdf } from './structure/sdf/parser.js';
export { parseMol2 } from './structure/mol2/parser.js';

// Model packages.
export { loadModelPackage, type LoadedModelPackage } from './model-package/load.js';
export { saveModelPackage } from './model-package/save.js';
export type { ModelCard } from './model-package/card.js';
export { bundledModelDir, bundledModels, type BundledModel } from './model-package/bundled.js';
export { packModelArchive, unpackModelArchive } from './model-package/archive.js';
