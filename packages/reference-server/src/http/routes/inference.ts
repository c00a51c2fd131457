/** `/api/v1/inference`: predict one protein against a ligand file, or a batch of such pairs, in pK. */
import {
  batchRequestSchema,
  batchResponseSchema,
  predictRequestSchema,
  predictResponseSchema,
} from '../../inference/schemas.js';
import { readPredictMultipart } from '../../inference/multipart-input.js';
import { defineRoute, type RouteSpec } from '../route.js';

/** The inference routes. */
export const inferenceRoutes: RouteSpec[] = [
  defineRoute({
    method: 'post',
    path: '/api/v1/inference/predict',
    role: 'predict',
    rateClass: 'predict',
    summary:
      'Predict the affinity (pK) of every ligand record against the protein: inline text, multipart files ' +
      '(`protein`, `ligand`, field `model`) or a path inside the allowed directory',
    body: predictRequestSchema,
    multipart: (req, ctx) => readPredictMultipart(req, ctx.limits.jsonBytes * 16),
    response: predictResponseSchema,
    handler: async ({ body }, ctx, _req, res) => {
      res.json(await ctx.inference.predict(body));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/inference/batch',
    role: 'predict',
    rateClass: 'predict',
    summary: 'Predict many protein-ligand pairs; each item succeeds or fails on its own',
    body: batchRequestSchema,
    response: batchResponseSchema,
    handler: async ({ body }, ctx, _req, res) => {
      res.json(await ctx.inference.batch(body));
    },
  }),
];
