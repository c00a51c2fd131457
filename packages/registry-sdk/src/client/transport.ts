/** The one HTTP core under every client call: ky with the project's retry rule, bearer auth and error mapping. */
import ky, { isHTTPError, type KyInstance } from 'ky';
import { errorFromFailure, errorFromResponse, RegistryServerError } from './errors.js';

/** Options of the transport (a subset of the client's). */
export interface TransportOptions {
  /** Registry base URL, e.g. `http://127.0.0.1:8500`. */
  readonly url: string;
  /** Bearer token sent with every call. */
  readonly token?: string;
  /** Per-attempt timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** Retries of one call on 408/409/429/5xx and network failures (default 2). */
  readonly maxRetries?: number;
  /** fetch implementation (default the global one). */
  readonly fetch?: typeof fetch;
}

/** Per-call options. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Overrides the transport's timeout for this call. */
  readonly timeoutMs?: number;
  /** Overrides the client's maxRetries for this call (background loops pass 0: they have their own backoff). */
  readonly maxRetries?: number;
}

/** A request the transport sends. */
export interface TransportRequest extends CallOptions {
  readonly method: 'get' | 'put' | 'delete';
  /** Path without leading slash, e.g. `v1/instances/abc`. */
  readonly path: string;
  readonly json?: unknown;
  readonly searchParams?: URLSearchParams;
}

/** A successful answer: the parsed body and the headers. */
export interface TransportResponse<T> {
  readonly body: T;
  readonly headers: Headers;
}

/** Default per-attempt timeout. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Sends requests to one registry; every failure comes out as a RegistryHttpError subclass. */
export class Transport {
  readonly #ky: KyInstance;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;

  constructor(options: TransportOptions) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxRetries = options.maxRetries ?? 2;
    this.#ky = ky.create({
      prefixUrl: options.url,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      throwHttpErrors: true,
    });
  }

  /** Sends `request` and returns its parsed JSON body. */
  async send<T>(request: TransportRequest): Promise<TransportResponse<T>> {
    const retries = request.maxRetries ?? this.#maxRetries;
    let response: Response;
    try {
      response = await this.#ky(request.path, {
        method: request.method,
        ...(request.json === undefined ? {} : { json: request.json }),
        ...(request.searchParams ? { searchParams: request.searchParams } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
        timeout: request.timeoutMs ?? this.#timeoutMs,
        retry: {
          limit: retries,
          // Every registry write is idempotent, so PUT and DELETE are as safe to repeat as GET.
          methods: ['get', 'put', 'delete'],
          statusCodes: [408, 409, 429, 500, 502, 503, 504],
          afterStatusCodes: [429, 503],
          maxRetryAfter: 10_000,
          backoffLimit: 5_000,
          jitter: true,
          retryOnTimeout: true,
        },
      });
    } catch (err) {
      if (isHTTPError(err)) {
        const body = await err.response.json().catch(() => undefined);
        throw errorFromResponse(err.response.status, body, err.response.headers.get('x-request-id'));
      }
      throw errorFromFailure(err, request.signal);
    }
    try {
      return { body: (await response.json()) as T, headers: response.headers };
    } catch (err) {
      if (request.signal?.aborted) throw errorFromFailure(err, request.signal);
      throw new RegistryServerError('BAD_RESPONSE', 'the registry answered with a body that is not JSON', {
        cause: err,
        status: response.status,
        requestId: response.headers.get('x-request-id') ?? undefined,
      });
    }
  }
}
