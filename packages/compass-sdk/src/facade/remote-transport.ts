/** A balancer transport that runs a typed client call against the endpoint the balancer picked. */
import { TransportError, classifyNetworkError, type Endpoint, type Transport } from '@compass/balancer';
import { CompassClient, type CompassClientOptions } from '../client/compass-client.js';
import { isCompassClientError } from '../client/errors.js';

/** One remote call: what to do with the client of the chosen endpoint. */
export interface RemoteCall<T = unknown> {
  readonly run: (client: CompassClient, signal: AbortSignal) => Promise<T>;
  /** Safe to repeat on another endpoint (predictions are). */
  readonly idempotent: boolean;
}

/** Maps a client failure to the balancer's classification (refused, reset, timeout, status). */
export function toTransportError(e: unknown, endpointId: string): unknown {
  if (!isCompassClientError(e)) return e;
  const base = { cause: e, endpointId };
  switch (e.code) {
    case 'CLIENT_CONNECTION':
      return new TransportError(e.message, {
        ...base,
        kind:
          classifyNetworkError(e.cause) === 'connection-refused' ? 'connection-refused' : 'connection-reset',
      });
    case 'CLIENT_TIMEOUT':
      return new TransportError(e.message, { ...base, kind: 'timeout' });
    default:
      return e.status !== undefined
        ? new TransportError(`${e.code}: ${e.message}`, {
            ...base,
            kind: 'status',
            status: e.status,
            ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
          })
        : new TransportError(e.message, { ...base, kind: 'other' });
  }
}

/** A transport keeping one retry-free client per endpoint URL (the balancer retries across endpoints). */
export function compassTransport(
  options: Omit<CompassClientOptions, 'baseUrl' | 'maxRetries'> = {},
): Transport<RemoteCall, unknown> & { clientFor(url: string): CompassClient } {
  const clients = new Map<string, CompassClient>();
  const clientFor = (url: string) => {
    let c = clients.get(url);
    if (!c) {
      c = new CompassClient({ ...options, baseUrl: url, maxRetries: 0 });
      clients.set(url, c);
    }
    return c;
  };
  return {
    clientFor,
    isIdempotent: (call) => call.idempotent,
    async send(endpoint: Endpoint, call: RemoteCall, signal: AbortSignal) {
      try {
        return await call.run(clientFor(endpoint.url), signal);
      } catch (e) {
        throw toTransportError(e, endpoint.id);
      }
    },
  };
}
