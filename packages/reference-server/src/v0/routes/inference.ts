/** v0 `/api/v1/inference/{status,predict,batch}` over our inference service (structures named by server path). */
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { httpError } from '../errors.js';
import { parseV0Input } from '../parse.js';
import { type V0RouteSpec } from '../route.js';

const PROTEIN_SUFFIXES = ['.pdb', '.pdbqt'];
const LIGAND_SUFFIXES = ['.sdf', '.mol2', '.mol', '.pdb'];

const withSuffix = (suffixes: readonly string[]) =>
  z
    .string()
    .min(1)
    .max(4096)
    .refine((p) => suffixes.some((s) => p.toLowerCase().endsWith(s)), {
      message: `Value error, the file must end with ${suffixes.join(', ')}`,
    });

/** Body of v0 predict: server-side paths. */
export const v0PredictSchema = z.object({
  protein_path: withSuffix(PROTEIN_SUFFIXES),
  ligand_path: withSuffix(LIGAND_SUFFIXES),
  model_id: z.string().min(1).max(200).nullish(),
});

/** Body of v0 batch: 1 to 1000 pairs of server-side paths (an empty list is the original's 400). */
export const v0BatchSchema = z.object({
  protein_ligand_pairs: z
    .array(z.object({ protein: z.string().min(1).max(4096), ligand: z.string().min(1).max(4096) }))
    .max(1000),
  model_id: z.string().min(1).max(200).nullish(),
});

/** The v0 inference routes. */
export const v0InferenceRoutes: V0RouteSpec[] = [
  {
    method: 'get',
    path: '/api/v1/inference/status',
    summary: 'Whether a model is ready, which are loaded, and the default (`latest_model`)',
    status: 200,
    response: z.object({
      status: z.enum(['ready', 'no_model']),
      loaded_models: z.int(),
      max_cache_size: z.int(),
      cached_model_ids: z.array(z.string()),
      latest_model: z.string().nullable(),
      device: z.string(),
    }),
    handler: async (ctx, _req, res) => {
      const def = await ctx.storage.getDefaultModel();
      const loaded = ctx.models.loadedIds();
      const registered = (await ctx.storage.listModels({ limit: 200 })).items.length;
      res.json({
        status: (await ctx.models.isDefaultLoaded()) ? 'ready' : 'no_model',
        loaded_models: loaded.length,
        // We keep every model that was loaded: the most that can be cached is every registered model.
        max_cache_size: registered,
        cached_model_ids: loaded,
        latest_model: def?.id ?? null,
        device: (def && ctx.models.peek(def.id)?.provider) ?? 'cpu',
      });
    },
  },
  {
    method: 'post',
    path: '/api/v1/inference/predict',
    summary: 'Predict the affinity (pK) of the first ligand record in ligand_path against protein_path',
    status: 200,
    body: v0PredictSchema,
    response: z.object({
      binding_affinity: z.number(),
      confidence: z.null(),
      uncertainty: z.number().nullable(),
      model_id: z.string(),
      inference_time: z.number(),
    }),
    handler: async (ctx, req, res) => {
      const body = parseV0Input(v0PredictSchema, req.body ?? {}, 'body');
      const t0 = performance.now();
      const out = await ctx.inference.predict({
        protein: { path: body.protein_path },
        ligand: { path: body.ligand_path },
        ...(body.model_id ? { model: body.model_id } : {}),
      });
      const first = out.predictions[0]!;
      res.json({
        binding_affinity: first.pK,
        confidence: null,
        uncertainty: first.uncertainty,
        model_id: out.model,
        inference_time: (performance.now() - t0) / 1000,
      });
    },
  },
  {
    method: 'post',
    path: '/api/v1/inference/batch',
    summary: 'Predict each pair on its own: results in order, failures with their error',
    status: 200,
    body: v0BatchSchema,
    response: z.object({
      results: z.array(
        z.union([
          z.object({
            protein_path: z.string(),
            ligand_path: z.string(),
            binding_affinity: z.number(),
            success: z.literal(true),
          }),
          z.object({
            protein_path: z.string(),
            ligand_path: z.string(),
            error: z.string(),
            success: z.literal(false),
          }),
        ]),
      ),
      total_count: z.int(),
      success_count: z.int(),
      failed_count: z.int(),
    }),
    handler: async (ctx, req, res) => {
      const body = parseV0Input(v0BatchSchema, req.body ?? {}, 'body');
      const pairs = body.protein_ligand_pairs;
      if (pairs.length === 0) throw httpError(400, 'protein_ligand_pairs must not be empty');
      // v0 allows 1000 pairs; our batches are capped (--max-batch), so larger requests go in several calls.
      const items = pairs.map((p, i) => ({
        id: String(i),
        protein: { path: p.protein },
        ligand: { path: p.ligand },
      }));
      const outcomes = [];
      for (let i = 0; i < items.length; i += ctx.inference.maxBatchItems) {
        const chunk = items.slice(i, i + ctx.inference.maxBatchItems);
        const out = await ctx.inference.batch({
          items: chunk,
          ...(body.model_id ? { model: body.model_id } : {}),
        });
        outcomes.push(...out.results);
      }
      const results = outcomes.map((r, i) => {
        const pair = pairs[i]!;
        const paths = { protein_path: pair.protein, ligand_path: pair.ligand };
        if (r.ok) return { ...paths, binding_affinity: r.predictions[0]!.pK, success: true as const };
        return { ...paths, error: r.error.message, success: false as const };
      });
      const ok = results.filter((r) => r.success).length;
      res.json({
        results,
        total_count: results.length,
        success_count: ok,
        failed_count: results.length - ok,
      });
    },
  },
];
