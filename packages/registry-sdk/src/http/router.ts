/** Assembles the registry's REST API as one Express router: request ids, JSON parsing, auth, routes, errors. */
import express, { Router, type Request } from 'express';
import { type Registry } from '../core/registry.js';
import { createAuthGuards, type RegistryAuthOptions } from './auth.js';
import { createErrorHandler, routeNotFound } from './error-handler.js';
import { buildOpenApiDocument } from './openapi.js';
import { requestIdMiddleware } from './request-id.js';
import { instanceRoutes } from './routes/instances.js';
import { serviceRoutes } from './routes/services.js';
import { createV0RegistryRouter, type V0RegistryOptions } from '../v0/router.js';

/** Options of {@link createRegistryRouter}. */
export interface RegistryRouterOptions {
  /** Tokens for writes and (optionally) reads. Without write tokens the router refuses to build. */
  readonly auth: RegistryAuthOptions;
  /** Largest JSON body accepted, in bytes (default 64 KiB); larger bodies get 413. */
  readonly bodyLimitBytes?: number;
  /** Longest wait of a blocking query (default 5 minutes). */
  readonly maxWaitMs?: number;
  /** Aborting it ends pending blocking queries (used on shutdown). */
  readonly signal?: AbortSignal;
  /** Sees every failure answered with a 5xx, for logging. */
  readonly onError?: (err: unknown, req: Request) => void;
  /** Also serve the v0 (FLASH-DOCK) API: `/api/v1/services...` and the v0 `/health` body (see docs/guides/flash-dock-v0.md). */
  readonly v0?: V0RegistryOptions;
}

/** Default body limit: registrations are small; a large limit only helps abuse. */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;
/** Default cap of blocking-query waits. */
export const DEFAULT_MAX_WAIT_MS = 5 * 60_000;

/**
 * The registry's REST API (`/v1/...`, `/health`, `/openapi.json`) over `registry`, ready to mount on any
 * Express app. Errors under these paths are answered with the `{ error, requestId }` envelope.
 *
 * @example
 * ```ts
 * const registry = await Registry.open();
 * const app = express();
 * app.use(createRegistryRouter(registry, { auth: { writeTokens: [process.env.TOKEN!] } }));
 * ```
 */
export function createRegistryRouter(registry: Registry, options: RegistryRouterOptions): Router {
  const guards = createAuthGuards(options.auth);
  const openapi = buildOpenApiDocument();
  const router = Router();
  router.use(requestIdMiddleware);
  if (options.v0) {
    const restrictReads = (options.auth.readTokens?.length ?? 0) > 0;
    router.use(createV0RegistryRouter(registry, { restrictReads, ...options.v0 }, options.onError));
  }
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', index: registry.index });
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  // Auth before parsing: an unauthenticated caller cannot make the server read (or buffer) a body.
  router.use('/v1', (req, res, next) =>
    (req.method === 'GET' || req.method === 'HEAD' ? guards.read : guards.write)(req, res, next),
  );
  router.use(
    '/v1',
    express.json({
      limit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
      strict: true,
      type: 'application/json',
    }),
  );
  router.use('/v1/instances', instanceRoutes(registry));
  router.use(
    '/v1/services',
    serviceRoutes(registry, {
      maxWaitMs: options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
      signal: options.signal,
    }),
  );
  router.use('/v1', routeNotFound);
  router.use(createErrorHandler(options.onError));
  return router;
}
