/** v0 `GET /api/v1/models`: every registered model as the v0 `Model` record. */
import { z } from 'zod';
import { allPages } from '../all-pages.js';
import { toV0Model } from '../model-shape.js';
import { type V0RouteSpec } from '../route.js';
import { v0ModelSchema } from '../schemas.js';

/** The v0 model routes. */
export const v0ModelRoutes: V0RouteSpec[] = [
  {
    method: 'get',
    path: '/api/v1/models',
    summary: 'List every registered model',
    status: 200,
    response: z.object({ models: z.array(v0ModelSchema), count: z.int() }),
    handler: async (ctx, _req, res) => {
      const stored = await allPages((q) => ctx.storage.listModels(q));
      // v0 names the training task behind a model: the succeeded task that registered it.
      const trained = await allPages((q) => ctx.storage.listTasks({ ...q, state: ['succeeded'] }));
      const taskOf = new Map(trained.flatMap((t) => (t.modelId ? [[t.modelId, t.id] as const] : [])));
      const models = await Promise.all(
        stored.map((m) => toV0Model(m, ctx.models.packageDir(m), taskOf.get(m.id) ?? null)),
      );
      res.json({ models, count: models.length });
    },
  },
];
