/** The v0 listener's Express app: access check, rate limit, JSON parsing, the v0 routes and the v0 error envelope. */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { requestContext } from '../http/request-context.js';
import { type RateLimit } from '../http/context.js';
import { VERSION } from '../version.js';
import { v0Access, type v0AccessCheck } from './access.js';
import { v0ErrorHandler, v0RouteNotFound } from './error-envelope.js';
import { httpError, serviceError } from './errors.js';
import { buildV0OpenApiDocument } from './openapi.js';
import { v0RateLimiter } from './rate-limit.js';
import { type V0Context, type V0RouteSpec } from './route.js';
import { v0DataRoutes } from './routes/data.js';
import { v0InferenceRoutes } from './routes/inference.js';
import { v0ModelRoutes } from './routes/models.js';
import { v0TrainingRoutes } from './routes/training.js';

/** Every v0 HTTP route, in one table (mounting and the v0 OpenAPI document both read it). */
export const V0_ROUTES: readonly V0RouteSpec[] = [
  ...v0TrainingRoutes,
  ...v0DataRoutes,
  ...v0ModelRoutes,
  ...v0InferenceRoutes,
];

/**
 * Refuses requests a browser sent from another site (they carry `Origin`) unless the origin is listed: the surface
 * is keyless on loopback, so a web page open on the same machine must not be able to start, stop or upload. The
 * v0 Python client sends no `Origin`.
 */
function refuseBrowserOrigins(origins: readonly string[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    if (origin === undefined || origins.includes(origin)) return next();
    next(
      httpError(
        403,
        `cross-origin v0 calls from ${origin} are refused (allow the origin with --cors-origin)`,
      ),
    );
  };
}

/**
 * The v0 app. `GET /health` (what the v0 registry's checker probes: 200 `{status: 'healthy'}`, 503 while
 * draining) and `GET /openapi.json` are open; every other route passes the origin check, `access` and the v0
 * rate limit.
 */
export function createV0App(
  ctx: V0Context,
  access: ReturnType<typeof v0AccessCheck>,
  rateLimit?: RateLimit,
  origins: readonly string[] = [],
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(requestContext(ctx.logger));
  app.get('/health', (_req, res) => {
    const draining = ctx.isDraining();
    res
      .status(draining ? 503 : 200)
      .json({ status: draining ? 'draining' : 'healthy', service: 'compass-service' });
  });
  const doc = buildV0OpenApiDocument(V0_ROUTES, VERSION);
  app.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
  app.use(
    refuseBrowserOrigins(origins),
    v0Access(access),
    v0RateLimiter(rateLimit),
    (req: Request, _res: Response, next: NextFunction) => {
      // As on our API: no new work once shutdown began.
      if (req.method !== 'GET' && ctx.isDraining())
        throw serviceError('ERR_9002', 'The server is shutting down');
      next();
    },
  );
  const json = express.json({ limit: ctx.limits.jsonBytes, type: 'application/json' });
  for (const route of V0_ROUTES) {
    const chain = route.body ? [json] : [];
    app[route.method](route.path, ...chain, async (req: Request, res: Response) => {
      await route.handler(ctx, req, res);
    });
  }
  app.use(v0RouteNotFound);
  app.use(v0ErrorHandler);
  return app;
}
