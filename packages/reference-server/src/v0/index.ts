/** The v0 (FLASH-DOCK) API adapter of the server: its own listener, routes, task stream and v0 self-registration. */
export {
  startV0Listener,
  v0StartupWarning,
  type V0ServerOptions,
  type RunningV0Listener,
} from './listener.js';
export { createV0App, V0_ROUTES } from './app.js';
export { buildV0OpenApiDocument } from './openapi.js';
export { attachV0TaskStream, V0_CLOSE, type V0StreamTimings, type V0StreamDeps } from './task-stream.js';
export { registerSelfV0, type V0RegistrationOptions, type V0SelfRegistration } from './self-registration.js';
export {
  toV0Task,
  v0ProgressOf,
  V0_TASK_STATUS,
  type V0TrainingTask,
  type V0Progress,
  type V0TaskStatus,
} from './task-shape.js';
export { taskBodyFromV0, v0ConfigOf, V0_EXECUTION_MODES, V0_OPTIMIZERS } from './training-config.js';
export { toV0Dataset, type V0Dataset } from './dataset-shape.js';
export { toV0Model, type V0Model } from './model-shape.js';
export {
  V0Error,
  isV0Error,
  serviceError,
  httpError,
  validationError,
  statusOfV0Code,
  type V0Issue,
} from './errors.js';
export { v0ErrorOf } from './error-envelope.js';
export { v0Access, v0AccessCheck, type V0AccessOptions } from './access.js';
export { DEFAULT_V0_RATE_LIMIT } from './rate-limit.js';
