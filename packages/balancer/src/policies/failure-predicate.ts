/** Which attempt failures count against an endpoint (for outlier ejection and circuit breaking). */
import { isBalancerError } from '../errors/balancer-error.js';
import { TransportError } from '../errors/errors.js';

/** Decides whether a failure is the endpoint's fault. */
export type FailurePredicate = (error: unknown) => boolean;

/**
 * Default: connection refused or reset, timeouts and 5xx count; 4xx (the caller's fault), 429 (the endpoint is
 * healthy, only busy) and unclassified errors do not.
 */
export const defaultFailurePredicate: FailurePredicate = (error) => {
  if (!isBalancerError(error) || !(error instanceof TransportError || 'kind' in error)) return false;
  const e = error as TransportError;
  switch (e.kind) {
    case 'connection-refused':
    case 'connection-reset':
    case 'timeout':
      return true;
    case 'status':
      return (e.status ?? 0) >= 500;
    default:
      return false;
  }
};
