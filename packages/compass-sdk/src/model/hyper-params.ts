/** Hyper-parameters of the COMPASS ViSNet model, the four development-mode presets, and their validation. */
import { z } from 'zod';
import { ModelError } from './errors.js';

/** How much model to build: from "does it run" to "best quality". */
export type DevelopmentMode = 'smoke_test' | 'prototyping' | 'validation' | 'production';

/** Every development mode, in order of size. */
export const DEVELOPMENT_MODES: readonly DevelopmentMode[] = [
  'smoke_test',
  'prototyping',
  'validation',
  'production',
];

/**
 * How per-atom outputs become one value per complex. None grows with the pocket: `ligand-sum` sums ligand atoms
 * only (divided by `readoutScale`, so a typical ligand gives O(1)), `ligand-mean` averages them, `mean` averages
 * every atom of the complex.
 */
export type ReadoutKind = 'ligand-sum' | 'ligand-mean' | 'mean';

/** zod schema of {@link CompassHyperParams}: used to validate overrides and model cards. */
export const compassHyperParamsSchema = z
  .object({
    hidden: z.number().int().min(4).max(1024),
    layers: z.number().int().min(1).max(12),
    heads: z.number().int().min(1).max(32),
    rbf: z.number().int().min(2).max(256),
    cutoff: z.number().positive().max(12),
    maxNeighbours: z.number().int().min(1).max(256),
    lmax: z.literal(1),
    pocketRadius: z.number().positive().max(20),
    keepHydrogens: z.boolean(),
    readout: z.enum(['ligand-sum', 'ligand-mean', 'mean']),
    readoutScale: z.number().positive(),
  })
  .strict()
  .refine((h) => h.hidden % h.heads === 0, { message: 'hidden must be a multiple of heads', path: ['heads'] })
  .refine((h) => h.hidden % 2 === 0, {
    message: 'hidden must be even (the output block halves it)',
    path: ['hidden'],
  });

/**
 * Hyper-parameters of the COMPASS model (ViSNet, lmax 1, padded-neighbour layout).
 *
 * | field | meaning |
 * |---|---|
 * | hidden | width of scalar and vector features |
 * | layers | interaction (ViSNet) layers |
 * | heads | attention heads; `hidden` must be a multiple |
 * | rbf | ExpNormal radial basis functions |
 * | cutoff | edge cutoff (A) |
 * | maxNeighbours | per-atom neighbour cap: the nearest are kept, and the set is made mutual (symmetric) |
 * | lmax | spherical-harmonic degree of the vector state (1; degree 2 is not implemented) |
 * | pocketRadius | residues with any atom within this distance (A) of the ligand form the pocket |
 * | keepHydrogens | keep hydrogens (about 3x the edges); false = heavy atoms only |
 * | readout | {@link ReadoutKind} |
 * | readoutScale | divisor of the `ligand-sum` readout (typical ligand heavy-atom count) |
 */
export type CompassHyperParams = z.infer<typeof compassHyperParamsSchema>;

const COMMON = {
  heads: 8,
  rbf: 32,
  cutoff: 5,
  maxNeighbours: 32,
  lmax: 1,
  keepHydrogens: false,
  readout: 'ligand-sum',
  readoutScale: 25,
} as const;

/**
 * Presets per development mode. Sizes follow the measured CPU costs (docs/benchmarks.md, affinity-model-facts):
 * the first two train on a laptop CPU; `production` (ViSNet's published 128 / 6) is a GPU model.
 *
 * | mode | hidden | layers | heads | rbf | pocket (A) | params | use |
 * |---|---|---|---|---|---|---|---|
 * | smoke_test | 32 | 2 | 4 | 16 | 5 | 36k | does the loop run: minutes on CPU |
 * | prototyping | 48 | 3 | 8 | 32 | 6 | 117k | ~20 min cycles on CPU; the bundled model's size |
 * | validation | 64 | 4 | 8 | 32 | 8 | 269k | longer CPU runs or a GPU |
 * | production | 128 | 6 | 8 | 32 | 10 | 1.58M | GPU |
 *
 * All: cutoff 5 A, 32 nearest neighbours, lmax 1, heavy atoms only, `ligand-sum` readout over 25.
 */
export const MODE_HYPERPARAMS: Readonly<Record<DevelopmentMode, CompassHyperParams>> = {
  smoke_test: { ...COMMON, hidden: 32, layers: 2, heads: 4, rbf: 16, pocketRadius: 5 },
  prototyping: { ...COMMON, hidden: 48, layers: 3, pocketRadius: 6 },
  validation: { ...COMMON, hidden: 64, layers: 4, pocketRadius: 8 },
  production: { ...COMMON, hidden: 128, layers: 6, pocketRadius: 10 },
};

/**
 * The preset of `mode` with `overrides` applied and validated.
 *
 * @example
 * const hp = resolveHyperParams('prototyping', { hidden: 64 });
 * @throws {ModelError} MODEL_BAD_HYPERPARAMS naming the offending field.
 */
export function resolveHyperParams(
  mode: DevelopmentMode,
  overrides: Partial<CompassHyperParams> = {},
): CompassHyperParams {
  const base = MODE_HYPERPARAMS[mode];
  if (!base) throw new ModelError('MODEL_BAD_HYPERPARAMS', `unknown development mode "${String(mode)}"`);
  return validateHyperParams({ ...base, ...overrides });
}

/** Validates a full hyper-parameter object; throws MODEL_BAD_HYPERPARAMS naming the first bad field. */
export function validateHyperParams(hp: unknown): CompassHyperParams {
  const r = compassHyperParamsSchema.safeParse(hp);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.join('.') || '(root)';
  throw new ModelError('MODEL_BAD_HYPERPARAMS', `hyper-parameter ${field}: ${issue.message}`, {
    details: { field, issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
  });
}
