/** The model card (`model.json`): what a model is, what it was trained on, how it scored, and its file checksums. */
import { z } from 'zod';
import { gignHyperParamsSchema } from '../model/gign/hyper-params.js';
import { compassHyperParamsSchema } from '../model/hyper-params.js';
import { rfScoreArchitectureSchema } from '../rfscore/architecture.js';

/** Files of a model package besides `model.json`. */
export const MODEL_FILES = {
  onnx: 'inference.onnx',
  params: 'params.safetensors',
  card: 'model.json',
} as const;

/** Current card schema version. */
export const MODEL_CARD_VERSION = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256');
const metricSet = z.record(z.string(), z.number());

/** The COMPASS ViSNet. */
export const visnetArchitectureSchema = z.object({
  name: z.literal('visnet'),
  hyperParams: compassHyperParamsSchema,
});

/** GIGN; `members` names each ensemble member (a published run) with its own figures when the package holds several. */
export const gignArchitectureSchema = z.object({
  name: z.literal('gign'),
  hyperParams: gignHyperParamsSchema,
  members: z
    .array(
      z.object({
        name: z.string().min(1),
        /** Where the member's weights came from (file name and SHA-256 of the checkpoint). */
        source: z.object({ file: z.string(), sha256 }).optional(),
        metrics: z.record(z.string(), metricSet).optional(),
      }),
    )
    .optional(),
});

/** What the package's program is: one entry per architecture, told apart by `name`. */
export const modelArchitectureSchema = z.discriminatedUnion('name', [
  visnetArchitectureSchema,
  gignArchitectureSchema,
  rfScoreArchitectureSchema,
]);

/** The `architecture` field of a card. */
export type ModelArchitecture = z.infer<typeof modelArchitectureSchema>;

/** zod schema of {@link ModelCard}; unknown keys are allowed in `training` and `metrics` (free-form detail). */
export const modelCardSchema = z.object({
  schemaVersion: z.literal(MODEL_CARD_VERSION).default(MODEL_CARD_VERSION),
  /** `compass-` + 12 hex digits of the hash of the package's contents: equal files, equal id. */
  id: z.string().regex(/^compass-[0-9a-f]{12}$/, 'expected compass-<12 hex digits>'),
  name: z.string().min(1),
  description: z.string().optional(),
  license: z.string().optional(),
  createdAt: z.iso.datetime(),
  architecture: modelArchitectureSchema,
  featuriser: z.object({ version: z.string().min(1) }),
  target: z.object({ mean: z.number(), std: z.number().positive(), unit: z.literal('pK') }),
  training: z
    .object({
      datasets: z.array(
        z.object({ name: z.string(), count: z.number().int().nonnegative(), contentHash: z.string() }),
      ),
      epochs: z.number().int().nonnegative(),
    })
    .catchall(z.unknown()),
  metrics: z
    .object({ train: metricSet.optional(), validation: metricSet.optional(), test: metricSet.optional() })
    .catchall(z.unknown()),
  files: z.record(z.string(), sha256),
  providersTested: z.array(z.string()),
});

/**
 * A model card as stored in `model.json`.
 *
 * @example
 * ```json
 * { "schemaVersion": 1, "id": "compass-3f2a9c1d0b7e", "name": "compass-default", "createdAt": "2026-11-29T05:00:00Z",
 *   "architecture": { "name": "visnet", "hyperParams": { "hidden": 48, "layers": 3, "...": "..." } },
 *   "featuriser": { "version": "compass-feat/1" }, "target": { "mean": 6.4, "std": 1.8, "unit": "pK" },
 *   "training": { "datasets": [{ "name": "openff-plb", "count": 500, "contentHash": "..." }], "epochs": 40 },
 *   "metrics": { "test": { "rmse": 1.2, "pearson": 0.6 } },
 *   "files": { "inference.onnx": "<sha256>", "params.safetensors": "<sha256>" }, "providersTested": ["cpu"] }
 * ```
 */
export type ModelCard = z.infer<typeof modelCardSchema>;
