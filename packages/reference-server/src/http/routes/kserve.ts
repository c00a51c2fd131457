/** The KServe v2 open inference protocol subset: model metadata, model readiness and infer under `/v2/models`. */
import {
  kserveInfer,
  kserveInferRequestSchema,
  kserveInferResponseSchema,
  kserveModelMetadata,
} from '../../inference/kserve.js';
import { NotFoundError } from '../../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';

/** The v2 model routes (the v2 health routes are public and live in health.ts). */
export const kserveRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/v2/models/:name',
    role: 'read',
    rateClass: 'read',
    summary: 'KServe v2 model metadata (inputs protein and ligand BYTES, outputs pK FP32)',
    handler: async ({ params }, ctx, _req, res) => {
      const model = await ctx.storage.getModel(params.name as string);
      if (!model) throw new NotFoundError('model', params.name as string);
      res.json(kserveModelMetadata(model, ctx.models.peek(model.id)?.ensemble ?? false));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v2/models/:name/ready',
    role: 'read',
    rateClass: 'read',
    summary: 'KServe v2 model readiness: 200 when loaded (loading it if needed), 503 otherwise',
    handler: async ({ params }, ctx, _req, res) => {
      const model = await ctx.storage.getModel(params.name as string);
      if (!model) throw new NotFoundError('model', params.name as string);
      const ready =
        !ctx.isDraining() &&
        (await ctx.models.get(model.id).then(
          () => true,
          () => false,
        ));
      res.status(ready ? 200 : 503).json({ name: model.id, ready });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v2/models/:name/infer',
    role: 'predict',
    rateClass: 'predict',
    summary: 'KServe v2 infer: BYTES protein [1|N] and ligand [N] -> FP32 pK [M], INT32 ligand_index [M]',
    body: kserveInferRequestSchema,
    response: kserveInferResponseSchema,
    handler: async ({ body, params }, ctx, _req, res) => {
      const model = await ctx.models.get(params.name as string);
      res.json(await kserveInfer(ctx.inference, model, body));
    },
  }),
];
