/** Zod schemas of the inference requests and responses (the server's HTTP contract for inference). */
import { z } from 'zod';

/** A protein given inline or as a path inside the server's allowed directory. */
export const proteinInputSchema = z.union([
  z.object({ format: z.enum(['pdb', 'pdbqt']), text: z.string().min(1) }).strict(),
  z.object({ path: z.string().min(1).max(4096) }).strict(),
]);

/** A ligand file (one or more records) given inline or as a path inside the allowed directory. */
export const ligandInputSchema = z.union([
  z.object({ format: z.enum(['sdf', 'mol2', 'pdbqt', 'mol', 'pdb']), text: z.string().min(1) }).strict(),
  z.object({ path: z.string().min(1).max(4096) }).strict(),
]);

/** Model id or alias; the default model when absent. */
const modelRef = z.string().min(1).max(200).optional();

/** Body of `POST /api/v1/inference/predict`. */
export const predictRequestSchema = z
  .object({ protein: proteinInputSchema, ligand: ligandInputSchema, model: modelRef })
  .strict();

/** Body of `POST /api/v1/inference/batch`; the item count limit is checked by the service. */
export const batchRequestSchema = z
  .object({
    items: z
      .array(
        z
          .object({
            id: z.string().min(1).max(200),
            protein: proteinInputSchema,
            ligand: ligandInputSchema,
          })
          .strict(),
      )
      .min(1),
    model: modelRef,
  })
  .strict();

/** One predicted ligand record. */
export const predictionSchema = z.object({
  index: z.int().min(0),
  name: z.string(),
  pK: z.number(),
  uncertainty: z.number().nullable(),
  warnings: z.array(z.string()),
  members: z
    .array(z.object({ model: z.string(), pK: z.number() }))
    .optional()
    .describe(
      "Each ensemble member's pK (ensemble models only, e.g. the three published GIGN runs of the default).",
    ),
  atomContributions: z
    .array(z.number())
    .optional()
    .describe(
      "Each ligand atom's share of the predicted binding free energy in kcal/mol, in the ligand record's atom " +
        'order (hydrogens and unscored atoms 0; they sum to the torsion-normalised Vina score). Sent only by ' +
        'scorers that attribute energy to atoms (the built-in vina model).',
    ),
});

/** A ligand record that could not be predicted while others of the same file were. */
export const recordErrorSchema = z
  .object({
    index: z.int().min(0),
    name: z.string(),
    code: z
      .string()
      .describe('Server error code: INVALID_STRUCTURE, PREDICTION_FAILED or MODEL_UNAVAILABLE.'),
    message: z.string(),
    cause: z
      .string()
      .optional()
      .describe('The @compass/sdk error code behind it (STRUCTURE_LIGAND_FAR, SCORING_EMPTY_LIGAND...).'),
  })
  .describe('One ligand record that failed; the other records of the file are still predicted.');

/** Per-record failures of a multi-record ligand file, present only when some records failed. */
const recordErrorsField = z
  .array(recordErrorSchema)
  .optional()
  .describe(
    'Records of the ligand file that could not be predicted, in file order; sent only when some failed. When no ' +
      "record can be predicted the request fails instead, with the first record's error.",
  );

/** Time spent parsing, predicting and in total, in milliseconds. */
export const timingsSchema = z.object({ parseMs: z.number(), predictMs: z.number(), totalMs: z.number() });

/** Response of predict. */
export const predictResponseSchema = z.object({
  unit: z.literal('pK'),
  model: z.string(),
  predictions: z.array(predictionSchema),
  errors: recordErrorsField,
  timings: timingsSchema,
});

/** One batch item's outcome. */
export const batchResultSchema = z.union([
  z.object({
    id: z.string(),
    ok: z.literal(true),
    predictions: z.array(predictionSchema),
    errors: recordErrorsField,
  }),
  z.object({
    id: z.string(),
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);

/** Response of batch. */
export const batchResponseSchema = z.object({
  unit: z.literal('pK'),
  model: z.string(),
  results: z.array(batchResultSchema),
  timings: timingsSchema,
});

/** A protein input. */
export type ProteinInput = z.infer<typeof proteinInputSchema>;
/** A ligand input. */
export type LigandInput = z.infer<typeof ligandInputSchema>;
/** A predict request. */
export type PredictRequest = z.infer<typeof predictRequestSchema>;
/** A batch request. */
export type BatchRequest = z.infer<typeof batchRequestSchema>;
/** One predicted record. */
export type PredictionOut = z.infer<typeof predictionSchema>;
/** A predict response. */
export type PredictResponse = z.infer<typeof predictResponseSchema>;
/** A failed ligand record of a partly predicted file. */
export type RecordErrorOut = z.infer<typeof recordErrorSchema>;
/** A batch item outcome. */
export type BatchResult = z.infer<typeof batchResultSchema>;
/** A batch response. */
export type BatchResponse = z.infer<typeof batchResponseSchema>;
