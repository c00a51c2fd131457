/** Public surface of @compass/balancer. */
export const VERSION = '0.1.0';
