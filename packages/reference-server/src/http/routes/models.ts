/** `/api/v1/models`: list, get (the card) by id or alias, upload/download a package, delete, default, aliases. */
import { z } from 'zod';
import { packModelArchive } from '@compass/sdk';
import { NotFoundError, ServerError } from '../../errors.js';
import { VINA_PACKAGE_PATH } from '../../inference/model-manager.js';
import { readBodyLimited, registerModelArchive } from '../../inference/model-upload.js';
import { modelSchema } from '../../storage/records.js';
import { pageQuerySchema, pageSchema } from '../pagination.js';
import { defineRoute, type RouteSpec } from '../route.js';

const aliasesSchema = z
  .object({ aliases: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/)).max(32) })
  .strict();

const uploadQuerySchema = z.object({
  alias: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/)
    .optional(),
});

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
    method: 'post',
    path: '/api/v1/models',
    role: 'admin',
    rateClass: 'upload',
    summary:
      'Upload a model package (tar.gz of model.json, inference.onnx, params.safetensors); validated, id from its card',
    rawBody: { contentType: 'application/gzip' },
    query: uploadQuerySchema,
    response: modelSchema,
    status: 201,
    handler: async ({ query }, ctx, req, res) => {
      const archive = await readBodyLimited(req, ctx.limits.uploadBytes);
      const model = await registerModelArchive(
        ctx.models,
        ctx.dataDir,
        archive,
        query.alias ? [query.alias] : [],
      );
      res.status(201).json(model);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/models/:id',
    role: 'read',
    rateClass: 'read',
    summary: 'Get a model (with its card) by id or alias',
    response: modelSchema,
    handler: async ({ params }, ctx, _req, res) => {
      const model = await ctx.storage.getModel(params.id as string);
      if (!model) throw new NotFoundError('model', params.id as string);
      res.json(model);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/models/:id/package',
    role: 'read',
    rateClass: 'read',
    summary: 'Download a model package as tar.gz',
    handler: async ({ params }, ctx, _req, res) => {
      const model = await ctx.storage.getModel(params.id as string);
      if (!model) throw new NotFoundError('model', params.id as string);
      if (model.packagePath === VINA_PACKAGE_PATH)
        throw new ServerError('CONFLICT', 'the built-in vina model has no package files', {
          details: { id: model.id },
        });
      const archive = await packModelArchive(ctx.models.packageDir(model));
      res
        .type('application/gzip')
        .set('content-disposition', `attachment; filename="${model.id}.tar.gz"`)
        .send(archive);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/models/:id',
    role: 'admin',
    rateClass: 'write',
    summary:
      'Delete a model and its files; the default model cannot be deleted (409: make another the default first)',
    status: 204,
    handler: async ({ params }, ctx, _req, res) => {
      const model = await ctx.storage.getModel(params.id as string);
      if (!model) throw new NotFoundError('model', params.id as string);
      if (model.packagePath === VINA_PACKAGE_PATH)
        throw new ServerError('CONFLICT', 'the built-in vina fallback cannot be deleted', {
          details: { id: model.id },
        });
      // Deleting the default would silently promote whichever model is newest, whoever trained it.
      if (model.isDefault)
        throw new ServerError(
          'CONFLICT',
          `model ${model.id} is the default; make another model the default first (POST /api/v1/models/:id/default)`,
          { details: { id: model.id, isDefault: true } },
        );
      await ctx.models.delete(model.id);
      res.status(204).end();
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/models/:id/aliases',
    role: 'admin',
    rateClass: 'write',
    summary: 'Replace the aliases of a model',
    body: aliasesSchema,
    response: modelSchema,
    handler: async ({ params, body }, ctx, _req, res) => {
      res.json(await ctx.models.setAliases(params.id as string, body.aliases));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/models/:id/default',
    role: 'admin',
    rateClass: 'write',
    summary: 'Make this model (id or alias) the one default model and load it',
    response: modelSchema,
    handler: async ({ params }, ctx, _req, res) => {
      const model = await ctx.storage.getModel(params.id as string);
      if (!model) throw new NotFoundError('model', params.id as string);
      const updated = await ctx.storage.setDefaultModel(model.id);
      // Readiness reports false until the load finishes (or if it fails).
      void ctx.models
        .get(model.id)
        .catch((e: unknown) => ctx.logger.error({ err: e, model: model.id }, 'default model failed to load'));
      res.json(updated);
    },
  }),
];
