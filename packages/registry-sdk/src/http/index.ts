/** Public surface of the registry's HTTP server: the router, the standalone server and the API schemas. */
export {
  createRegistryRouter,
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_MAX_WAIT_MS,
  type RegistryRouterOptions,
} from './router.js';
export { startRegistryServer, type RegistryServerOptions, type RunningRegistryServer } from './server.js';
export { type RegistryAuthOptions } from './auth.js';
export { HttpProblem, ServerConfigError, type HttpProblemCode } from './problem.js';
export { buildOpenApiDocument } from './openapi.js';
export { INDEX_HEADER } from './routes/services.js';
export { REQUEST_ID_HEADER } from './request-id.js';
export {
  errorEnvelopeSchema,
  instanceListQuerySchema,
  instanceSchema,
  maintenanceSchema,
  queryResultSchema,
  serviceListSchema,
  ttlReportSchema,
  type ErrorEnvelope,
} from './schemas.js';
export { type FieldIssue } from './validate.js';
