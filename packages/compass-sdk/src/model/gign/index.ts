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
export { predictGignGraphs } from './predict-graphs.js';
