/** The transport contract: the balancer core knows nothing of HTTP; a transport sends and classifies failures. */
import type { Endpoint } from './endpoint.js';

/**
 * Sends one request to one endpoint. On failure it throws a classified `TransportError` (connection refused or
 * reset, timeout, status with `Retry-After`); anything else it throws is treated as an unclassified, non-retryable
 * failure. It must stop work when `signal` aborts.
 */
export interface Transport<Req, Res> {
  send(endpoint: Endpoint, request: Req, signal: AbortSignal): Promise<Res>;
  /** Whether a request is safe to repeat (HTTP: GET, HEAD, OPTIONS, PUT, DELETE). Default: not safe. */
  isIdempotent?(request: Req): boolean;
}
