/** `/api/v1/datasets`: streamed multipart upload, list, get, delete. */
import { z } from 'zod';
import { datasetSchema, datasetStatusSchema } from '../../storage/records.js';
import { pageQuerySchema, pageSchema } from '../pagination.js';
import { defineRoute, type RouteSpec } from '../route.js';

/** Filters of `GET /api/v1/datasets`. */
export const datasetListQuerySchema = pageQuerySchema.extend({ status: datasetStatusSchema.optional() });

/** Multipart fields of an upload (OpenAPI only: the stream is parsed by busboy). */
export const datasetUploadSchema = z.object({
  name: z.string().max(200).optional(),
  description: z.string().max(2000).optional(),
  file: z.string().meta({ format: 'binary', description: '.zip, .tar, .tar.gz or .tgz archive' }),
});

/** The dataset routes. */
export const datasetRoutes: RouteSpec[] = [
  defineRoute({
    method: 'post',
    path: '/api/v1/datasets',
    role: 'train',
    rateClass: 'upload',
    summary: 'Upload a dataset archive (multipart/form-data); validation continues in the background',
    rawBody: { contentType: 'multipart/form-data' },
    response: datasetSchema,
    status: 202,
    handler: async (_input, ctx, req, res) => {
      res.status(202).json(await ctx.datasets.upload(req, ctx.limits.uploadBytes));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/datasets',
    role: 'read',
    rateClass: 'read',
    summary: 'List datasets, newest first',
    query: datasetListQuerySchema,
    response: pageSchema(datasetSchema),
    handler: async ({ query }, ctx, _req, res) => {
      res.json(await ctx.storage.listDatasets(query));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/datasets/:id',
    role: 'read',
    rateClass: 'read',
    summary: 'Get a dataset and its processing status',
    response: datasetSchema,
    handler: async ({ params }, ctx, _req, res) => {
      res.json(await ctx.datasets.get(params.id as string));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/datasets/:id',
    role: 'train',
    rateClass: 'write',
    summary: 'Delete a dataset and its files',
    status: 204,
    handler: async ({ params }, ctx, _req, res) => {
      await ctx.datasets.delete(params.id as string);
      res.status(204).end();
    },
  }),
];
