/** The COMPASS model: hyper-parameters and presets, the ViSNet ModelDef, its batch feeds and input preparation. */
export { ModelError, isModelError, type ModelErrorCode } from './errors.js';
export {
  DEVELOPMENT_MODES,
  MODE_HYPERPARAMS,
  compassHyperParamsSchema,
  resolveHyperParams,
  validateHyperParams,
  type CompassHyperParams,
  type DevelopmentMode,
  type ReadoutKind,
} from './hyper-params.js';
export {
  COMPASS_ATOM_TYPES,
  countCompassParams,
  createCompassModelDef,
  type CompassModelOptions,
} from './visnet.js';
export { compassBatchFeeds, type CompassFeedOptions } from './feeds.js';
export { prepareComplex, type PreparedComplex } from './prepare.js';
