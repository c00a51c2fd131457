/** The Express app factory: request context, security headers, CORS, health, metrics, OpenAPI and the API routes. */
import express, { type Express, Router } from 'express';
import helmet from 'helmet';
import { pino } from 'pino';
import { DatasetService } from '../datasets/dataset-service.js';
import { checkArchiveSignature } from '../datasets/validator.js';
import { VERSION } from '../version.js';
import { authenticate } from './auth.js';
import { type AppContext, type AppDeps } from './context.js';
import { errorHandler, routeNotFound } from './error-handler.js';
import { healthRouter } from './health.js';
import { ServerMetrics } from './metrics.js';
import { mountRoutes } from './mount.js';
import { buildOpenApiDocument, renderDocsPage } from './openapi.js';
import { createRateLimiters } from './rate-limit.js';
import { requestContext } from './request-context.js';
import { API_ROUTES } from './routes/index.js';
import { corsAllowList } from './cors.js';
import { consoleStatic } from './console-static.js';
import { InferenceService } from '../inference/inference-service.js';
import { ModelManager } from '../inference/model-manager.js';

/** Resolves defaults for every optional dependency. */
export function resolveContext(deps: AppDeps): AppContext {
  const logger = deps.logger ?? pino({ name: 'compass-server' });
  const metrics = deps.metrics ?? new ServerMetrics();
  const models = deps.models ?? new ModelManager(deps.storage, { dataDir: deps.dataDir, logger });
  return {
    storage: deps.storage,
    tasks: deps.tasks,
    dataDir: deps.dataDir,
    logger,
    metrics,
    models,
    inference: new InferenceService(models, metrics, deps.inference),
    datasets:
      deps.datasets ??
      new DatasetService(deps.storage, deps.dataDir, deps.validateDataset ?? checkArchiveSignature),
    limits: { jsonBytes: 1024 * 1024, uploadBytes: 2 * 1024 ** 3, ...deps.limits },
    isDraining: deps.isDraining ?? (() => false),
    registryUrl: deps.registry?.url,
  };
}

/**
 * Builds the app. Public: `/health`, `/v2/health/live`, `/v2/health/ready`, `/metrics`, `/openapi.json`, `/docs`;
 * everything under `/api` needs an API key unless `open` is set.
 *
 * @example
 * const app = createApp({ storage, tasks: new TaskService(storage, new UnavailableTaskRunner()), dataDir });
 * app.listen(8080);
 */
export function createApp(deps: AppDeps): Express {
  const ctx = resolveContext(deps);
  if (deps.open)
    ctx.logger.warn('open development mode: API calls without a key run as admin; never expose this server');
  const app = express();
  app.disable('x-powered-by');
  app.use(requestContext(ctx.logger));
  app.use(ctx.metrics.middleware());
  app.use(helmet());
  app.use(corsAllowList(deps.corsOrigins ?? []));

  const readiness = deps.readiness ?? (() => ctx.models.isDefaultLoaded());
  app.use(healthRouter({ readiness, isDraining: ctx.isDraining }));
  app.get('/metrics', async (_req, res) => {
    res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
  const doc = buildOpenApiDocument(API_ROUTES, VERSION);
  app.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
  const docsPage = renderDocsPage(doc);
  app.get('/docs', (_req, res) => {
    res.type('html').send(docsPage);
  });

  const api = Router();
  api.use('/api', authenticate(ctx.storage, deps.open ?? false));
  api.use('/v2/models', authenticate(ctx.storage, deps.open ?? false));
  mountRoutes(api, API_ROUTES, ctx, createRateLimiters(deps.rateLimits));
  app.use(api);
  app.use(consoleStatic());
  app.use(routeNotFound);
  app.use(errorHandler);
  return app;
}
