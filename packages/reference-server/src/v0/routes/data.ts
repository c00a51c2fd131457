/** v0 `/api/v1/data/*`: upload an archive (201 once validated, or `processing`), list and delete datasets. */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { type Dataset } from '../../storage/records.js';
import { allPages } from '../all-pages.js';
import { toV0Dataset } from '../dataset-shape.js';
import { httpError } from '../errors.js';
import { type V0Context, type V0RouteSpec } from '../route.js';
import { v0DatasetSchema } from '../schemas.js';

/** Polls the dataset until its validation has finished or `ms` passed. */
async function settled(ctx: V0Context, id: string, ms: number): Promise<Dataset | undefined> {
  const until = Date.now() + ms;
  for (;;) {
    const ds = await ctx.storage.getDataset(id);
    if (!ds || ds.status === 'ready' || ds.status === 'error' || Date.now() >= until) return ds;
    await sleep(Math.min(100, Math.max(1, until - Date.now())));
  }
}

/** The v0 data routes. */
export const v0DataRoutes: V0RouteSpec[] = [
  {
    method: 'post',
    path: '/api/v1/data/upload',
    summary:
      'Upload a dataset archive (multipart field `file`: .zip, .tar, .tar.gz); the name is the form field `name` ' +
      '(else the file name); waits for validation, then 201 with the dataset, or 201 `processing` after the wait',
    status: 201,
    multipart: true,
    query: z.object({ description: z.string().max(2000).optional() }),
    response: z.union([
      v0DatasetSchema,
      z.object({ dataset_id: z.string(), status: z.literal('processing'), message: z.string() }),
    ]),
    handler: async (ctx, req, res) => {
      if (!req.is('multipart/form-data'))
        throw httpError(400, 'the upload must be multipart/form-data with a file field');
      const uploaded = await ctx.datasets.upload(req, ctx.limits.uploadBytes);
      // The original reads `description` from the query; a form field wins when both are given.
      const description =
        typeof req.query.description === 'string' ? req.query.description.slice(0, 2000) : '';
      if (description && !uploaded.description) await ctx.storage.updateDataset(uploaded.id, { description });
      const ds = await settled(ctx, uploaded.id, ctx.uploadWaitMs);
      if (ds && ds.status !== 'processing' && ds.status !== 'pending') {
        res.status(201).json(toV0Dataset(ds));
        return;
      }
      res.status(201).json({
        dataset_id: uploaded.id,
        status: 'processing',
        message: 'Dataset uploaded; it is still being processed',
      });
    },
  },
  {
    method: 'get',
    path: '/api/v1/data/datasets',
    summary: 'List every dataset',
    status: 200,
    response: z.object({ datasets: z.array(v0DatasetSchema), count: z.int() }),
    handler: async (ctx, _req, res) => {
      const datasets = (await allPages((q) => ctx.storage.listDatasets(q))).map(toV0Dataset);
      res.json({ datasets, count: datasets.length });
    },
  },
  {
    method: 'delete',
    path: '/api/v1/data/datasets/:id',
    summary: 'Delete a dataset and its files (409 ERR_4000 while it is being validated)',
    status: 200,
    response: z.object({ message: z.string(), dataset_id: z.string() }),
    handler: async (ctx, req, res) => {
      const id = String(req.params.id);
      if (!(await ctx.storage.getDataset(id))) throw httpError(404, 'Dataset not found');
      await ctx.datasets.delete(id);
      res.json({ message: 'Dataset deleted', dataset_id: id });
    },
  },
];
