/** Public surface of training: config, dataset folders, metrics, the training loop and TrainingJob. */
export { TrainingError, isTrainingError, type TrainingErrorCode } from './errors.js';
export {
  trainingConfigSchema,
  splitConfigSchema,
  parseTrainingConfig,
  type TrainingConfig,
  type TrainingConfigInput,
} from './config.js';
export { regressionMetrics, averageRanks, type RegressionMetrics } from './metrics.js';
export { learningRateAt, initialPlateau, stepPlateau, type PlateauState } from './schedule.js';
export {
  latestCheckpoint,
  readCheckpoint,
  writeCheckpoint,
  checkpointDir,
  type Checkpoint,
  type CheckpointMeta,
  type CheckpointReason,
} from './checkpoint.js';
export { featuriseItems, featureCacheSettings, type FeaturisedItems } from './featurise-dataset.js';
export {
  runTraining,
  splitForConfig,
  type RunControl,
  type RunTrainingOptions,
  type StoppedRun,
} from './run-training.js';
export { StepGate } from './run-control.js';
export { TrainingJob, type TrainingJobOptions } from './training-job.js';
export type {
  TrainingState,
  TrainingJobEvents,
  TrainingResult,
  StepEvent,
  EpochEvent,
  MetricsEvent,
  CheckpointEvent,
  LogEvent,
  RunEvent,
} from './events.js';
export { openDatasetDir } from '../datasets/open-dataset.js';
export {
  evaluateModelPackage,
  metricsByTarget,
  type EvaluatedItem,
  type ModelEvaluation,
} from './evaluate.js';
export {
  fineTuneGign,
  gignFrozenParams,
  GIGN_FINE_TUNE_DEFAULTS,
  GignFineTuner,
  type GignFineTuneItem,
  type GignFineTuneOptions,
  type GignFineTuneProgress,
  type GignFineTuneRegime,
} from './gign-fine-tune.js';
export {
  GIGN_FINE_TUNE_BATCHNORM,
  saveFineTunedGign,
  type GignFineTuneRecipe,
  type SaveFineTunedGignOptions,
} from './gign-fine-tuned-package.js';
export {
  runGignFineTuning,
  type GignFineTuneRunOptions,
  type GignFineTuneRunResult,
} from './gign-fine-tune-run.js';
export {
  readRfScoreRows,
  runRfScoreTraining,
  type RfScoreRunOptions,
  type RfScoreRunResult,
} from './rf-score-run.js';
export { holdOutRows, type HoldOut } from './holdout-split.js';
export { cardFigures } from './card-figures.js';
