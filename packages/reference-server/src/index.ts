/**
 * `@compass/reference-server`: what an app embeds or a deployment configures. The server ({@link startServer}), its
 * error type, the storage engines (SQLite by default, PostgreSQL to scale out), the job queue and queue workers, the
 * FLASH-DOCK v0 listener and registry self-registration. Internals (routes, services, record schemas) are not exported:
 * the wire contract is `@compass/sdk/client`.
 */
export { VERSION } from './version.js';
export {
  ERROR_STATUS,
  NotFoundError,
  ServerError,
  isServerError,
  type ServerErrorCode,
  type ServerErrorOptions,
} from './errors.js';
export { startServer, type RunningServer, type ServerOptions } from './server.js';
export { createApp } from './http/app.js';
export type { Storage } from './storage/storage.js';
export { SqliteStorage } from './storage/sqlite/sqlite-storage.js';
export { PostgresStorage, type PostgresStorageOptions } from './storage/postgres/postgres-storage.js';
export { createStorage } from './storage/postgres/create-storage.js';
export { createJobQueue, type CreateJobQueueOptions } from './jobs/create-job-queue.js';
export { QueueWorker, type QueueWorkerEvents, type QueueWorkerOptions } from './worker/queue-worker.js';
export { startV0Listener, type RunningV0Listener, type V0ServerOptions } from './v0/listener.js';
export { registerSelf, type RegistryOptions, type SelfRegistration } from './registry/self-registration.js';
