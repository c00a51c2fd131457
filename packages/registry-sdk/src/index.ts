/** Public surface of @compass/registry-sdk. */
export const VERSION = '0.1.0';
