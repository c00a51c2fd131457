/** The model card's `architecture` entry for RF-Score models (a tree ensemble over the rfscore-v1 features). */
import { z } from 'zod';
import { RFSCORE_FEATURE_COUNT, RFSCORE_FEATURES_VERSION } from './features.js';
import { treeEnsembleOptionsSchema } from './train-options.js';

/**
 * `architecture` of an RF-Score package: which ensemble, how many trees and nodes, the trainer options that grew
 * it, and the program's outputs (`pK` always; `uncertainty` and `trees` for a forest).
 *
 * @example
 * ```json
 * { "name": "rf-score", "features": "rfscore-v1", "featureCount": 36, "kind": "random-forest", "trees": 200,
 *   "nodes": 812345, "uncertainty": true, "options": { "kind": "random-forest", "trees": 200, "maxFeatures": 5 } }
 * ```
 */
export const rfScoreArchitectureSchema = z.object({
  name: z.literal('rf-score'),
  features: z.literal(RFSCORE_FEATURES_VERSION),
  featureCount: z.literal(RFSCORE_FEATURE_COUNT).default(RFSCORE_FEATURE_COUNT),
  kind: z.enum(['random-forest', 'gradient-boosting']),
  trees: z.number().int().positive(),
  /** Nodes over all trees (branches and leaves): what the program's size follows. */
  nodes: z.number().int().positive(),
  /** Whether the program has the `uncertainty` output (the trees' standard deviation; forests only). */
  uncertainty: z.boolean(),
  /** The trainer options that grew the ensemble. */
  options: treeEnsembleOptionsSchema,
});

/** The `architecture` field of an RF-Score card. */
export type RfScoreArchitecture = z.infer<typeof rfScoreArchitectureSchema>;
