/** The one place where HTTP exchanges happen: URL building, auth, timeouts, retries and error mapping. */
import { parseRetryAfter } from '@compass/registry-sdk';
import ky, { type KyInstance, type Options as KyOptions } from 'ky';
import type { z } from 'zod';
import {
  CompassAbortError,
  CompassConnectionError,
  CompassHttpError,
  CompassResponseError,
  CompassTimeoutError,
  isCompassClientError,
} from './errors.js';
import { clientRetryPolicy, type ClientRetryOptions } from './retry-policy.js';

/** Options every client call accepts. */
export interface CallOptions {
  /** Abandon the call (and any waiting retry); it rejects with a `CLIENT_ABORTED` error. */
  readonly signal?: AbortSignal;
  /** Limit of each attempt in ms, until the whole body is read (streams: until the headers arrive). */
  readonly timeoutMs?: number;
  /** Retries for this call (idempotent calls only); overrides the client's setting. */
  readonly maxRetries?: number;
}

/** Upload progress, as ky reports it. */
export interface UploadProgress {
  /** 0..1, or 0 while the total is unknown. */
  readonly percent: number;
  readonly transferredBytes: number;
  /** Total bytes, or 0 when unknown (streams). */
  readonly totalBytes: number;
}

/** One request as the resources describe it. */
export interface RequestSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the base URL, for example `/api/v1/tasks`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly json?: unknown;
  readonly body?: ReadableStream<Uint8Array> | Uint8Array | string | Blob;
  readonly headers?: Readonly<Record<string, string>>;
  /** Safe to repeat; default true for GET, PUT and DELETE. Streamed bodies are never repeated. */
  readonly idempotent?: boolean;
  readonly onUploadProgress?: (progress: UploadProgress) => void;
  /** Error statuses whose body is read like a success (readiness answers 503 with a body). */
  readonly okStatuses?: readonly number[];
}

/** Settings of the core. */
export interface HttpCoreOptions extends ClientRetryOptions {
  readonly baseUrl: string;
  readonly apiKey?: string;
  /** Default per-attempt limit in ms (default 30 s). */
  readonly timeoutMs?: number;
  /** Extra headers on every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A `fetch` to use instead of the global one (tests, proxies). */
  readonly fetch?: typeof fetch;
}

const envelope = (body: unknown) => {
  const e = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  return typeof e === 'object' && e !== null ? e : undefined;
};

/** Maps an error status to a {@link CompassHttpError}, keeping the envelope's code, message, details and id. */
export async function httpErrorFrom(response: Response): Promise<CompassHttpError> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const e = envelope(body);
  const requestId =
    (body as { requestId?: unknown } | undefined)?.requestId ?? response.headers.get('x-request-id');
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const code = typeof e?.code === 'string' ? e.code : `HTTP_${response.status}`;
  const message =
    typeof e?.message === 'string' ? e.message : `HTTP ${response.status} ${response.statusText}`.trim();
  return new CompassHttpError(response.status, code, message, {
    ...(typeof requestId === 'string' ? { requestId } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(typeof e?.details === 'object' && e.details !== null
      ? { details: e.details as Record<string, unknown> }
      : {}),
    cause: text || undefined,
  });
}

/**
 * The HTTP core under every {@link CompassClient} resource. `send` returns the raw response (for streams) with
 * the attempt's timer cleared; `json`/`text`/`empty` read and check the body inside the attempt.
 */
export class HttpCore {
  readonly baseUrl: string;
  readonly #ky: KyInstance;
  readonly #options: HttpCoreOptions;

  constructor(options: HttpCoreOptions) {
    this.#options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#ky = ky.create({
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      headers: {
        accept: 'application/json',
        ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        ...options.headers,
      },
    });
  }

  /** Sends and parses a JSON answer with `schema`. */
  json<T>(spec: RequestSpec, schema: z.ZodType<T>, options: CallOptions = {}): Promise<T> {
    return this.#withRetries(spec, options, async (response) => {
      const body: unknown = await response.json().catch(() => undefined);
      const parsed = schema.safeParse(body);
      if (!parsed.success)
        throw new CompassResponseError(`unexpected response to ${spec.method} ${spec.path}`, {
          status: response.status,
          ...requestIdOf(response),
          details: { issues: parsed.error.issues.slice(0, 5) },
        });
      return parsed.data;
    });
  }

  /** Sends and returns the body as text (Prometheus metrics, example files). */
  text(spec: RequestSpec, options: CallOptions = {}): Promise<string> {
    return this.#withRetries(spec, options, (response) => response.text());
  }

  /** Sends and discards the body (204 answers). */
  empty(spec: RequestSpec, options: CallOptions = {}): Promise<void> {
    return this.#withRetries(spec, options, async (response) => {
      await response.body?.cancel();
    });
  }

  /** Sends once the headers are in and returns the response, its body unread (event streams, downloads). */
  stream(spec: RequestSpec, options: CallOptions = {}): Promise<Response> {
    return this.#withRetries(spec, options, (response) => Promise.resolve(response), true);
  }

  async #withRetries<T>(
    spec: RequestSpec,
    options: CallOptions,
    read: (response: Response) => Promise<T>,
    keepBody = false,
  ): Promise<T> {
    const streamed = spec.body instanceof ReadableStream;
    const idempotent = !streamed && (spec.idempotent ?? spec.method !== 'POST');
    const maxRetries = idempotent ? (options.maxRetries ?? this.#options.maxRetries ?? 2) : 0;
    if (maxRetries === 0) return this.#attempt(spec, options, read, keepBody, undefined);
    const policy = clientRetryPolicy({ ...this.#options, maxRetries });
    try {
      return await policy.execute(
        ({ signal }) => this.#attempt(spec, options, read, keepBody, signal),
        options.signal,
      );
    } catch (e) {
      // cockatiel rejects with its own TaskCancelledError when the caller aborts during a backoff.
      if (!isCompassClientError(e) && options.signal?.aborted)
        throw new CompassAbortError(undefined, { cause: e });
      throw e;
    }
  }

  async #attempt<T>(
    spec: RequestSpec,
    options: CallOptions,
    read: (response: Response) => Promise<T>,
    keepBody: boolean,
    policySignal: AbortSignal | undefined,
  ): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs ?? 30_000;
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(), timeoutMs);
    const signals = [timer.signal, options.signal, policySignal].filter((s): s is AbortSignal => !!s);
    const signal = AbortSignal.any(signals);
    const fail = (e: unknown) => {
      if (isCompassClientError(e)) return e;
      if (options.signal?.aborted) return new CompassAbortError(undefined, { cause: e });
      if (timer.signal.aborted)
        return new CompassTimeoutError(`${spec.method} ${spec.path} took longer than ${timeoutMs} ms`, {
          cause: e,
        });
      return new CompassConnectionError(`${spec.method} ${spec.path} failed: ${messageOf(e)}`, { cause: e });
    };
    try {
      if (options.signal?.aborted) throw new CompassAbortError();
      const response = await this.#ky(this.baseUrl + spec.path, this.#kyOptions(spec, signal)).catch(
        (e: unknown) => {
          throw fail(e);
        },
      );
      if (!response.ok && !spec.okStatuses?.includes(response.status)) throw await httpErrorFrom(response);
      if (keepBody) return await read(response);
      return await read(response).catch((e: unknown) => {
        throw fail(e);
      });
    } finally {
      clearTimeout(handle);
    }
  }

  #kyOptions(spec: RequestSpec, signal: AbortSignal): KyOptions {
    const query = Object.entries(spec.query ?? {}).filter(([, v]) => v !== undefined) as [
      string,
      string | number | boolean,
    ][];
    return {
      method: spec.method,
      signal,
      ...(query.length ? { searchParams: query.map(([k, v]) => [k, String(v)]) } : {}),
      ...(spec.json !== undefined ? { json: spec.json } : {}),
      ...(spec.body !== undefined ? { body: spec.body as KyOptions['body'] } : {}),
      ...(spec.body instanceof ReadableStream ? ({ duplex: 'half' } as KyOptions) : {}),
      ...(spec.headers ? { headers: spec.headers } : {}),
      ...(spec.onUploadProgress ? { onUploadProgress: spec.onUploadProgress } : {}),
    };
  }
}

function requestIdOf(response: Response): { requestId?: string } {
  const id = response.headers.get('x-request-id');
  return id ? { requestId: id } : {};
}

function messageOf(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return e instanceof Error ? e.message : String(e);
}
