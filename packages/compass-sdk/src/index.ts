/** Public surface of @compass/sdk. */
export const VERSION = '0.1.0';
