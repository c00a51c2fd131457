/** Errors of the registry client, and the one place where HTTP responses and transport failures become them. */
import { RegistryError, type RegistryErrorOptions } from '../errors.js';
import { isRetryableStatus } from '../retry/index.js';

/** What every client error carries besides `code`, `message` and `cause`. */
export interface RegistryHttpErrorOptions extends RegistryErrorOptions {
  /** HTTP status; absent when no response arrived. */
  readonly status?: number;
  /** The server's `X-Request-Id` (or envelope `requestId`), to find the request in its logs. */
  readonly requestId?: string;
  /** The response body as parsed (the error envelope, normally). */
  readonly body?: unknown;
  /** The server's `Retry-After` hint in ms, when the response carried one. */
  readonly retryAfterMs?: number;
}

/**
 * Base of every error the client throws. `code` is the server's error code when the response carried one
 * (`VALIDATION_FAILED`, `INSTANCE_NOT_FOUND`...), otherwise the class's own literal code.
 */
export class RegistryHttpError extends RegistryError {
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly body: unknown;
  readonly retryAfterMs: number | undefined;

  constructor(code: string, message: string, options: RegistryHttpErrorOptions = {}) {
    super(code, message, options);
    this.status = options.status;
    this.requestId = options.requestId;
    this.body = options.body;
    this.retryAfterMs = options.retryAfterMs;
  }

  override get retryable(): boolean {
    return this.status === undefined || isRetryableStatus(this.status);
  }
}

/** 400, 413, 415 and other 4xx the caller must fix (a bad registration, a body too large). Not retryable. */
export class RegistryRequestError extends RegistryHttpError {}

/** 401 or 403: the token is missing, wrong, or may not write. Not retryable. */
export class RegistryAuthError extends RegistryHttpError {}

/** 404: the instance (or route) does not exist, e.g. because the registry lost its data. Not retryable. */
export class RegistryNotFoundError extends RegistryHttpError {}

/** 408, 409, 429 or 5xx: the registry failed or asked to slow down. Retryable. */
export class RegistryServerError extends RegistryHttpError {}

/** No response arrived: connection refused or reset, DNS failure. Retryable. */
export class RegistryUnreachableError extends RegistryHttpError {
  constructor(message: string, options: RegistryHttpErrorOptions = {}) {
    super('REGISTRY_UNREACHABLE', message, options);
  }
}

/** The call took longer than its timeout. Retryable. */
export class RegistryTimeoutError extends RegistryHttpError {
  constructor(message: string, options: RegistryHttpErrorOptions = {}) {
    super('REGISTRY_TIMEOUT', message, options);
  }

  override get retryable(): boolean {
    return true;
  }
}

/** The caller's AbortSignal fired. Not retryable. */
export class RegistryAbortedError extends RegistryHttpError {
  constructor(message: string, options: RegistryHttpErrorOptions = {}) {
    super('ABORTED', message, options);
  }

  override get retryable(): boolean {
    return false;
  }
}

interface Envelope {
  readonly error?: { readonly code?: unknown; readonly message?: unknown; readonly details?: unknown };
  readonly requestId?: unknown;
}

/** Maps an HTTP error response (status, parsed body, request id header, Retry-After in ms) to its error class. */
export function errorFromResponse(
  status: number,
  body: unknown,
  requestIdHeader?: string | null,
  retryAfterMs?: number,
): RegistryHttpError {
  const envelope = (typeof body === 'object' && body !== null ? body : {}) as Envelope;
  const code = typeof envelope.error?.code === 'string' ? envelope.error.code : undefined;
  const message =
    typeof envelope.error?.message === 'string' ? envelope.error.message : `registry answered ${status}`;
  const details = envelope.error?.details;
  const requestId =
    typeof envelope.requestId === 'string' ? envelope.requestId : (requestIdHeader ?? undefined);
  const options: RegistryHttpErrorOptions = {
    status,
    requestId,
    body,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(typeof details === 'object' && details !== null
      ? { details: details as Record<string, unknown> }
      : {}),
  };
  if (status === 401 || status === 403)
    return new RegistryAuthError(code ?? 'UNAUTHORIZED', message, options);
  if (status === 404) return new RegistryNotFoundError(code ?? 'NOT_FOUND', message, options);
  if (isRetryableStatus(status)) return new RegistryServerError(code ?? 'SERVER_ERROR', message, options);
  return new RegistryRequestError(code ?? 'BAD_REQUEST', message, options);
}

/** Maps a failure without a usable response (abort, timeout, network) to its error class. */
export function errorFromFailure(err: unknown, signal?: AbortSignal): RegistryHttpError {
  if (err instanceof RegistryHttpError) return err;
  const name = (err as { name?: unknown } | null)?.name;
  if (signal?.aborted || name === 'AbortError')
    return new RegistryAbortedError('the call was aborted', { cause: err });
  if (name === 'TimeoutError')
    return new RegistryTimeoutError('the registry did not answer in time', { cause: err });
  const reason =
    err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
  return new RegistryUnreachableError(`cannot reach the registry: ${reason}`, { cause: err });
}
