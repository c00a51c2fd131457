/** Hyper-parameters of GIGN (Yang et al. 2023, "GIGN: geometric interaction graph neural network"), validated by zod. */
import { z } from 'zod';

/** zod schema of {@link GignHyperParams}; the published model is {@link GIGN_PUBLISHED}. */
export const gignHyperParamsSchema = z
  .object({
    /** Atom feature width (35 in the published featuriser). */
    nodeDim: z.number().int().min(1).max(1024),
    /** Hidden width of the node states and the head. */
    hidden: z.number().int().min(1).max(2048),
    /** Heterogeneous interaction layers. */
    layers: z.number().int().min(1).max(12),
    /** Hidden blocks of the fully connected head (each Linear, LeakyReLU, BatchNorm), before the output Linear. */
    fcBlocks: z.number().int().min(1).max(12),
    /** Gaussians of the distance expansion, centres linspace(0, rbfMax, rbf), width rbfMax / rbf. */
    rbf: z.number().int().min(2).max(64),
    rbfMax: z.number().positive().max(30),
    /** Members of an ensemble package: their predictions are averaged (1 for a single model). */
    members: z.number().int().min(1).max(16),
  })
  .strict();

/** GIGN's hyper-parameters. */
export type GignHyperParams = z.infer<typeof gignHyperParamsSchema>;

/** The published configuration, `GIGN(35, 256)` with three HIL layers, a three-block head and 9 Gaussians to 6 A. */
export const GIGN_PUBLISHED: GignHyperParams = Object.freeze({
  nodeDim: 35,
  hidden: 256,
  layers: 3,
  fcBlocks: 3,
  rbf: 9,
  rbfMax: 6,
  members: 1,
});

/** LeakyReLU slope of torch's default (0.01). */
export const GIGN_LEAKY_SLOPE = 0.01;
/** BatchNorm epsilon of torch's default (1e-5). */
export const GIGN_BN_EPS = 1e-5;
