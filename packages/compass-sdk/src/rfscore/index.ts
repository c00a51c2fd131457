/** RF-Score: rfscore-v1 features, tree-ensemble trainers, ONNX export, packages and the predictor. */
export { RfScoreError, isRfScoreError, type RfScoreErrorCode } from './errors.js';
export {
  RFSCORE_CUTOFF,
  RFSCORE_FEATURE_COUNT,
  RFSCORE_FEATURE_NAMES,
  RFSCORE_FEATURES_VERSION,
  RFSCORE_LIGAND_ELEMENTS,
  RFSCORE_PROTEIN_ELEMENTS,
  RfScoreReceptor,
  rfScoreFeatures,
} from './features.js';
export {
  formatRfScoreCsv,
  parseRfScoreCsv,
  readRfScoreCsv,
  type RfScoreFeatureTable,
} from './features-csv.js';
export type { TreeTrainingSet } from './tree-data.js';
export { predictTree, type RegressionTree, type TreeGrowth } from './regression-tree.js';
export {
  ensembleNodeCount,
  predictEnsemble,
  predictEnsembleRow,
  type EnsemblePrediction,
  type TreeEnsemble,
  type TreeEnsembleKind,
} from './tree-ensemble.js';
export {
  gradientBoostingOptionsSchema,
  randomForestOptionsSchema,
  treeEnsembleOptionsSchema,
  type GradientBoostingOptions,
  type RandomForestOptions,
  type TreeEnsembleOptions,
  type TreeEnsembleOptionsInput,
} from './train-options.js';
export { trainTreeEnsemble, type TreeTrainingResult, type TreeTrainingRun } from './train-ensemble.js';
export { RFSCORE_ONNX_NAMES, encodeTreeEnsembleOnnx } from './onnx-export.js';
export { rfScoreArchitectureSchema, type RfScoreArchitecture } from './architecture.js';
export {
  loadRfScorePackage,
  rfScoreArchitecture,
  rfScoreCardSchema,
  saveRfScorePackage,
  type LoadedRfScorePackage,
  type RfScoreCard,
  type SaveRfScoreOptions,
} from './model-package.js';
export { RfScorePredictor, type RfScorePredictorOptions } from './predictor.js';
export { datasetFeatures, type DatasetFeaturesOptions } from './dataset-features.js';
export { evaluateRfScorePackage, type RfScoreEvaluation } from './evaluate.js';
export { runRfScoreTrain, type RfScoreTrainFlags } from './train-cli.js';
export { joinWeighted, refitTreeEnsemble, type RefitOptions } from './refit.js';
