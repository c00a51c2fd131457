/** `/api/v1/models`: the stored model records (list, get by id or alias, choose the default). Inference plugs in later. */
import { NotFoundError } from '../../errors.js';
import { modelSchema } from '../../storage/records.js';
import { pageQuerySchema, pageSchema } from '../pagination.js';
import { defineRoute, type RouteSpec } from '../route.js';

/** The model routes. */
export const modelRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/models',
    role: 'read',
    rateClass: 'read',
    summary: 'List registered models, newest first',
    query: pageQuerySchema,
    response: pageSchema(modelSchema),
    handler: async ({ query }, ctx, _req, res) => {
      res.json(await ctx.storage.listModels(query));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/models/:id',
    role: 'read',
    rateClass: 'read',
    summary: 'Get a model by id or alias',
    response: modelSchema,
    handler: async ({ params }, ctx, _req, res) => {
      const model = await ctx.storage.getModel(params.id as string);
      if (!model) throw new NotFoundError('model', params.id as string);
      res.json(model);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/models/:id/default',
    role: 'admin',
    rateClass: 'write',
    summary: 'Make this model (id or alias) the one default model',
    response: modelSchema,
    handler: async ({ params }, ctx, _req, res) => {
      const model = await ctx.storage.getModel(params.id as string);
      if (!model) throw new NotFoundError('model', params.id as string);
      res.json(await ctx.storage.setDefaultModel(model.id));
    },
  }),
];
