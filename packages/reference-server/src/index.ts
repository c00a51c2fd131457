/** Public surface of @compass/reference-server. */
export { VERSION } from './version.js';
export * from './errors.js';
export * from './storage/index.js';
export * from './keys/index.js';
export * from './tasks/index.js';
export * from './datasets/index.js';
export * from './http/index.js';
export * from './inference/index.js';
export * from './training/index.js';
export * from './registry/index.js';
export * from './server.js';
export * from './storage/postgres/index.js';
export * from './jobs/index.js';
export * from './worker/index.js';
export * from './v0/index.js';
