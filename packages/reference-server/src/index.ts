/** Public surface of @compass/reference-server. */
export const VERSION = '0.1.0';
