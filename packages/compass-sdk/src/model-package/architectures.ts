/** What a model package needs to know per architecture: the featuriser it expects and the parameters it holds. */
import type { ParamSpec } from '../graph/model-def.js';
import { gignParamSpecs } from '../model/gign/model-def.js';
import { createCompassModelDef } from '../model/visnet.js';
import { FEATURISER_VERSION } from '../structure/featurise.js';
import { GIGN_FEATURISER_VERSION } from '../featurise/gign/version.js';
import { RFSCORE_FEATURES_VERSION } from '../rfscore/features.js';
import type { ModelArchitecture } from './card.js';

/** Per-architecture facts used when a package is saved or loaded. */
export interface ArchitectureSupport {
  /** The featuriser version whose output the program takes. */
  readonly featuriserVersion: string;
  /** The parameters `params.safetensors` must hold. */
  paramSpecs(arch: ModelArchitecture): Readonly<Record<string, ParamSpec>>;
}

/** One entry per architecture name. */
export const ARCHITECTURES: Readonly<Record<ModelArchitecture['name'], ArchitectureSupport>> = {
  visnet: {
    featuriserVersion: FEATURISER_VERSION,
    paramSpecs: (a) => (a.name === 'visnet' ? createCompassModelDef(a.hyperParams).params : {}),
  },
  gign: {
    featuriserVersion: GIGN_FEATURISER_VERSION,
    paramSpecs: (a) => (a.name === 'gign' ? gignParamSpecs(a.hyperParams) : {}),
  },
  // The trees live in the program; params.safetensors holds no tensors.
  'rf-score': { featuriserVersion: RFSCORE_FEATURES_VERSION, paramSpecs: () => ({}) },
};
