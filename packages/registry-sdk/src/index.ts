/** Public surface of @compass/registry-sdk. */
export const VERSION = '0.1.0';
export * from './errors.js';
export type * from './instance/types.js';
export * from './http/index.js';
export * from './client/index.js';
export * from './retry/index.js';
export * from './core/index.js';
export * from './stores/index.js';
export * from './checks/index.js';
export * from './v0/index.js';
