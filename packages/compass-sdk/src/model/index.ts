/** The models: COMPASS ViSNet (hyper-parameters, presets, ModelDef, feeds, input preparation) and GIGN. */
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
export {
  GIGN_PUBLISHED,
  countGignParams,
  createGignModelDef,
  gignBatchFeeds,
  gignHyperParamsSchema,
  gignParamsFromStateDict,
  type GignFeedOptions,
  type GignGraphInput,
  type GignHyperParams,
  type StateDictTensors,
} from './gign/index.js';
