/** The one HTTP core under every client call: ky with the project's retry rule, bearer auth and error mapping. */
import ky, { isHTTPError, type KyInstance } from 'ky';
import {
  DEFAULT_MAX_RETRIES,
  fullJitterBackoff,
  parseRetryAfter,
  retryDelay,
  sleep,
  type BackoffSequence,
} from '../retry/index.js';
import { errorFromFailure, errorFromResponse, RegistryHttpError, RegistryServerError } from './errors.js';

/** Options of the transport (a subset of the client's). */
export interface TransportOptions {
  /** Registry base URL, e.g. `http://127.0.0.1:8500`. */
  readonly url: string;
  /** Bearer token sent with every call. */
  readonly token?: string;
  /** Per-attempt timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** Retries of one call on 408/409/429/5xx and network failures (default {@link DEFAULT_MAX_RETRIES}, 2). */
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
    this.#maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.#ky = ky.create({
      prefixUrl: options.url,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      throwHttpErrors: true,
    });
  }

  /**
   * Sends `request` and returns its parsed JSON body. Failures the project's retry rule calls transient (408, 409,
   * 429, 5xx, no response, timeout) are retried up to `maxRetries` times after full-jitter backoff, or after the
   * server's `Retry-After` when longer; a hint over the cap ends the retries. Every registry write is idempotent,
   * so PUT and DELETE are as safe to repeat as GET.
   */
  async send<T>(request: TransportRequest): Promise<TransportResponse<T>> {
    const retries = request.maxRetries ?? this.#maxRetries;
    let backoff: BackoffSequence | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#attempt<T>(request);
      } catch (err) {
        if (!(err instanceof RegistryHttpError) || !err.retryable || attempt >= retries) throw err;
        backoff ??= fullJitterBackoff();
        const delay = retryDelay(backoff.next(), err.retryAfterMs);
        if (delay === undefined) throw err;
        if (!(await sleep(delay, request.signal)))
          throw errorFromFailure(request.signal?.reason, request.signal);
      }
    }
  }

  /** One attempt: the response, or the failure mapped to a RegistryHttpError subclass. */
  async #attempt<T>(request: TransportRequest): Promise<TransportResponse<T>> {
    let response: Response;
    try {
      response = await this.#ky(request.path, {
        method: request.method,
        ...(request.json === undefined ? {} : { json: request.json }),
        ...(request.searchParams ? { searchParams: request.searchParams } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
        timeout: request.timeoutMs ?? this.#timeoutMs,
        retry: 0,
      });
    } catch (err) {
      if (isHTTPError(err)) {
        const body = await err.response.json().catch(() => undefined);
        const retryAfterMs = parseRetryAfter(err.response.headers.get('retry-after'));
        throw errorFromResponse(
          err.response.status,
          body,
          err.response.headers.get('x-request-id'),
          retryAfterMs,
        );
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
