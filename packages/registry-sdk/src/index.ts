/** Public surface of @compass/registry-sdk. */
export const VERSION = '0.1.0';
export * from './errors.js';
export type * from './core/types.js';
export * from './http/index.js';
export * from './client/index.js';
