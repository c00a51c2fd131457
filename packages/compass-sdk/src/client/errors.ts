/** Errors of the HTTP client: one base class with a brand, so callers check them without `instanceof`. */
import { CompassError, type CompassErrorOptions } from '../errors.js';

const BRAND = Symbol.for('@compass/sdk/CompassClientError');

/** Literal codes the client raises itself; an HTTP error carries the server's own code instead. */
export type CompassClientLocalCode =
  'CLIENT_CONNECTION' | 'CLIENT_TIMEOUT' | 'CLIENT_ABORTED' | 'CLIENT_BAD_RESPONSE' | 'CLIENT_STREAM';

/** Options of a client error. */
export interface CompassClientErrorOptions extends CompassErrorOptions {
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** The exchange's request id (the envelope's `requestId` or the `X-Request-Id` header). */
  readonly requestId?: string;
  /** Whether repeating the call may help. */
  readonly retryable?: boolean;
  /** The server's `Retry-After` hint in milliseconds. */
  readonly retryAfterMs?: number;
}

/**
 * Base error of {@link CompassClient}: `code`, `status`, `requestId` and `retryable`. Check it with
 * {@link isCompassClientError}, which also works across ESM and CJS copies of the package.
 */
export class CompassClientError extends CompassError {
  readonly [BRAND] = true;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly #retryable: boolean;

  constructor(code: string, message: string, options: CompassClientErrorOptions = {}) {
    super(code, message, options);
    this.status = options.status;
    this.requestId = options.requestId;
    this.retryAfterMs = options.retryAfterMs;
    this.#retryable = options.retryable ?? false;
  }

  override get retryable(): boolean {
    return this.#retryable;
  }
}

/** True for the statuses the project retries on: 408, 409, 429 and 5xx. */
export function isRetryableHttpStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The server answered with an error status; `code` is the server's code from the error envelope. */
export class CompassHttpError extends CompassClientError {
  constructor(status: number, code: string, message: string, options: CompassClientErrorOptions = {}) {
    super(code, message, { retryable: isRetryableHttpStatus(status), ...options, status });
  }
}

/** Nothing answered: connection refused, reset or DNS failure. Retryable. */
export class CompassConnectionError extends CompassClientError {
  declare readonly code: 'CLIENT_CONNECTION';
  constructor(message: string, options: CompassClientErrorOptions = {}) {
    super('CLIENT_CONNECTION', message, { retryable: true, ...options });
  }
}

/** One attempt took longer than the call's `timeoutMs`. Retryable. */
export class CompassTimeoutError extends CompassClientError {
  declare readonly code: 'CLIENT_TIMEOUT';
  constructor(message: string, options: CompassClientErrorOptions = {}) {
    super('CLIENT_TIMEOUT', message, { retryable: true, ...options });
  }
}

/** The caller's AbortSignal fired. */
export class CompassAbortError extends CompassClientError {
  declare readonly code: 'CLIENT_ABORTED';
  constructor(message = 'the call was aborted', options: CompassClientErrorOptions = {}) {
    super('CLIENT_ABORTED', message, options);
  }
}

/** The server answered 2xx with a body that does not match the expected schema. */
export class CompassResponseError extends CompassClientError {
  declare readonly code: 'CLIENT_BAD_RESPONSE';
  constructor(message: string, options: CompassClientErrorOptions = {}) {
    super('CLIENT_BAD_RESPONSE', message, options);
  }
}

/** A server-sent event stream broke or carried an unreadable event. */
export class CompassStreamError extends CompassClientError {
  declare readonly code: 'CLIENT_STREAM';
  constructor(message: string, options: CompassClientErrorOptions = {}) {
    super('CLIENT_STREAM', message, options);
  }
}

/** True when `e` is a {@link CompassClientError} from any copy of this package. */
export function isCompassClientError(e: unknown): e is CompassClientError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
