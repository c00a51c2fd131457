/** GIGN: hyper-parameters, the ModelDef (single model or ensemble), batch feeds, state-dict import and fine-tuning. */
export {
  GIGN_BN_EPS,
  GIGN_LEAKY_SLOPE,
  GIGN_PUBLISHED,
  gignHyperParamsSchema,
  type GignHyperParams,
} from './hyper-params.js';
export {
  countGignParams,
  createGignModelDef,
  frozenInput,
  gignMemberParamSpecs,
  gignMemberPrefix,
  gignParamSpecs,
  type GignModelOptions,
} from './model-def.js';
export { gignBatchFeeds, type GignFeedOptions, type GignGraphInput } from './feeds.js';
export { gignParamsFromStateDict, type StateDictTensors } from './state-dict.js';
export {
  fineTuneGign,
  gignFrozenParams,
  GIGN_FINE_TUNE_DEFAULTS,
  GignFineTuner,
  type GignFineTuneItem,
  type GignFineTuneOptions,
  type GignFineTuneProgress,
  type GignFineTuneRegime,
} from './fine-tune.js';
export {
  GIGN_FINE_TUNE_BATCHNORM,
  saveFineTunedGign,
  type GignFineTuneRecipe,
  type SaveFineTunedGignOptions,
} from './fine-tuned-package.js';
export { predictGignGraphs } from './predict-graphs.js';
