/** HTTP transport on ky: the one place where HTTP responses and socket errors become classified failures. */
import { parseRetryAfter } from '@compass/registry-sdk';
import ky, { type KyInstance, type Options as KyOptions } from 'ky';
import type { Endpoint } from './endpoint.js';
import { TransportError, type TransportFailureKind } from './errors/errors.js';
import type { Transport } from './transport.js';

/** One HTTP call, relative to the chosen endpoint's URL. */
export interface HttpRequest {
  readonly method?: string;
  /** Path (and query) appended to the endpoint URL, e.g. `/v1/score`. */
  readonly path: string;
  readonly json?: unknown;
  readonly body?: string | Uint8Array | ReadableStream<Uint8Array>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A successful (status < 400) answer. `body` is parsed JSON when the response says so, else text. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  /** Which endpoint answered. */
  readonly endpointId: string;
}

/** Options for {@link httpTransport}. */
export interface HttpTransportOptions {
  /** A configured ky instance (auth hooks, headers); its own retry and timeout are turned off per call. */
  readonly ky?: KyInstance;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Parses `Retry-After` into ms: the shared rule of @compass/registry-sdk, re-exported for balancer users. */
export { parseRetryAfter };

/** Finds a socket error code in an error's cause chain (undici nests it). */
function errorCode(e: unknown): string | undefined {
  for (let cur = e, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps a thrown fetch error to a failure kind. */
export function classifyNetworkError(e: unknown): TransportFailureKind {
  const code = errorCode(e);
  if (code && REFUSED_CODES.has(code)) return 'connection-refused';
  if (code && RESET_CODES.has(code)) return 'connection-reset';
  if (code && TIMEOUT_CODES.has(code)) return 'timeout';
  // fetch reports other socket failures as a bare TypeError('fetch failed'): treat as a reset (request may be sent).
  return e instanceof TypeError ? 'connection-reset' : 'other';
}

/**
 * An HTTP {@link Transport} on ky. Statuses of 400 and above throw a `TransportError` with the status and
 * `Retry-After`; socket failures throw refused, reset or timeout. GET, HEAD, OPTIONS, PUT and DELETE are
 * idempotent unless the body is a stream (a stream cannot be replayed).
 */
export function httpTransport(options: HttpTransportOptions = {}): Transport<HttpRequest, HttpResponse> {
  const client = options.ky ?? ky;
  return {
    isIdempotent(request: HttpRequest): boolean {
      return (
        IDEMPOTENT.has((request.method ?? 'GET').toUpperCase()) && !(request.body instanceof ReadableStream)
      );
    },
    async send(endpoint: Endpoint, request: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
      const url = endpoint.url.replace(/\/$/, '') + (request.path.startsWith('/') ? '' : '/') + request.path;
      let response: Response;
      try {
        response = await client(url, {
          method: request.method ?? 'GET',
          ...(request.json !== undefined ? { json: request.json } : {}),
          ...(request.body !== undefined ? { body: request.body as KyOptions['body'] } : {}),
          ...(request.headers ? { headers: request.headers } : {}),
          signal,
          retry: 0,
          timeout: false,
          throwHttpErrors: false,
        });
      } catch (e) {
        if (signal.aborted) throw e;
        const kind = classifyNetworkError(e);
        throw new TransportError(`${kind} from ${endpoint.id}`, { kind, cause: e, endpointId: endpoint.id });
      }
      if (response.status >= 400) {
        const text = await response.text().catch(() => '');
        // The raw hint: the balancer's retry rule decides whether it is within the cap.
        throw new TransportError(`HTTP ${response.status} from ${endpoint.id}`, {
          kind: 'status',
          status: response.status,
          retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
          endpointId: endpoint.id,
          cause: text,
        });
      }
      const type = response.headers.get('content-type') ?? '';
      const body: unknown = type.includes('json') ? await response.json() : await response.text();
      return { status: response.status, headers: response.headers, body, endpointId: endpoint.id };
    },
  };
}
