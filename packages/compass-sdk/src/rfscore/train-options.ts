/** Options of the tree-ensemble trainers (zod): random forest (GIGN's RF-Score baseline) and gradient boosting. */
import { z } from 'zod';

const count = z.number().int().positive();

/**
 * Random forest. Defaults are GIGN's baseline, `RandomForestRegressor(n_estimators=500, max_features=5,
 * min_samples_split=6)`: bootstrap rows, 5 features tried per node, trees grown until nodes have < 6 rows.
 */
export const randomForestOptionsSchema = z.object({
  kind: z.literal('random-forest'),
  trees: count.default(500),
  maxFeatures: count.default(5),
  minSamplesSplit: z.number().int().min(2).default(6),
  minSamplesLeaf: count.default(1),
  /** Depth limit; unlimited by default. */
  maxDepth: count.optional(),
  /** Draw each tree's rows with replacement (default); false grows every tree on all rows. */
  bootstrap: z.boolean().default(true),
  seed: z.number().int().default(0),
});

/**
 * Gradient boosting on squared error: shallow trees fitted to the residuals, each scaled by `learningRate`, on a
 * `subsample` of the rows. With a validation set, the number of trees is chosen on it: training stops when
 * `earlyStoppingRounds` trees in a row fail to lower the validation error, and the best prefix is kept.
 */
export const gradientBoostingOptionsSchema = z.object({
  kind: z.literal('gradient-boosting'),
  trees: count.default(2000),
  learningRate: z.number().positive().max(1).default(0.05),
  maxDepth: count.default(6),
  maxFeatures: count.default(12),
  minSamplesSplit: z.number().int().min(2).default(10),
  minSamplesLeaf: count.default(5),
  subsample: z.number().positive().max(1).default(0.8),
  earlyStoppingRounds: count.default(100),
  seed: z.number().int().default(0),
});

/** Either trainer's options, told apart by `kind`. */
export const treeEnsembleOptionsSchema = z.discriminatedUnion('kind', [
  randomForestOptionsSchema,
  gradientBoostingOptionsSchema,
]);

/** Options as given (defaults may be left out). */
export type TreeEnsembleOptionsInput = z.input<typeof treeEnsembleOptionsSchema>;
/** Options with every default filled in. */
export type TreeEnsembleOptions = z.output<typeof treeEnsembleOptionsSchema>;
/** Random-forest options with defaults filled in. */
export type RandomForestOptions = z.output<typeof randomForestOptionsSchema>;
/** Gradient-boosting options with defaults filled in. */
export type GradientBoostingOptions = z.output<typeof gradientBoostingOptionsSchema>;
