/** Mounts the route table: per route, role check, rate limit, content-type check, JSON parsing and validation. */
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { ServerError } from '../errors.js';
import { requireRole } from './auth.js';
import { type AppContext } from './context.js';
import { isMutating, type RateClass, type RouteSpec } from './route.js';
import { parseInput } from './validate.js';

function hasBody(req: Request): boolean {
  return req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
}

/** Refuses a body of the wrong media type with 415 (before any of it is read). */
function requireMediaType(...types: string[]): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (hasBody(req) && !req.is(types)) {
      throw new ServerError('UNSUPPORTED_MEDIA_TYPE', `request body must be ${types.join(' or ')}`, {
        details: { contentType: req.get('content-type') ?? null },
      });
    }
    next();
  };
}

/** Refuses new mutating work once the server is draining. */
function refuseWhileDraining(ctx: AppContext): RequestHandler {
  return (_req, _res, next) => {
    if (ctx.isDraining()) throw new ServerError('SERVER_DRAINING', 'the server is shutting down');
    next();
  };
}

/** Adds every route to `router`; authentication must already have run. */
export function mountRoutes(
  router: Router,
  routes: readonly RouteSpec[],
  ctx: AppContext,
  limiters: Record<RateClass, RequestHandler>,
): void {
  const json = express.json({ limit: ctx.limits.jsonBytes });
  for (const route of routes) {
    const chain: RequestHandler[] = [requireRole(route.role), limiters[route.rateClass]];
    if (isMutating(route)) chain.push(refuseWhileDraining(ctx));
    if (route.rawBody) chain.push(requireMediaType(route.rawBody.contentType));
    else if (route.body && route.multipart)
      chain.push(requireMediaType('application/json', 'multipart/form-data'), json);
    else if (route.body) chain.push(requireMediaType('application/json'), json);
    chain.push(async (req: Request, res: Response) => {
      const raw =
        route.multipart && req.is('multipart/form-data') ? await route.multipart(req, ctx) : req.body;
      const body = route.body ? parseInput(route.body, raw ?? {}, 'body') : undefined;
      const query = route.query ? parseInput(route.query, req.query, 'query') : undefined;
      await route.handler({ body, query, params: req.params as Record<string, string> }, ctx, req, res);
    });
    router[route.method](route.path, ...chain);
  }
}
