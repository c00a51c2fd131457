/** HTTP layer: the app factory, its dependencies, the route table, metrics and the error envelope. */
export { createApp, resolveContext } from './app.js';
export type { AppDeps, AppContext, BodyLimits, RateLimit } from './context.js';
export { ServerMetrics } from './metrics.js';
export { errorEnvelopeSchema, type ErrorEnvelope } from './error-handler.js';
export { type RouteSpec, type RateClass, type RouteInput, defineRoute, isMutating } from './route.js';
export { API_ROUTES } from './routes/index.js';
export { DEFAULT_RATE_LIMITS } from './rate-limit.js';
export { buildOpenApiDocument } from './openapi.js';
export { type Principal } from './auth.js';
