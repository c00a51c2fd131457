/** Base error of @compass/reference-server: every failure carries a literal `code` and a brand checked by `isServerError`. */

const BRAND = Symbol.for('@compass/reference-server/ServerError');

/** Every error code the server raises, with the HTTP status the error middleware answers for it. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  INVALID_BODY: 400,
  INVALID_FILE_NAME: 400,
  INVALID_STRUCTURE: 422,
  PREDICTION_FAILED: 422,
  PATH_NOT_ALLOWED: 403,
  BATCH_TOO_LARGE: 413,
  MODEL_UNAVAILABLE: 503,
  INVALID_MODEL_PACKAGE: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  TRAINER_UNAVAILABLE: 503,
  SERVER_DRAINING: 503,
  STORAGE_FAILED: 500,
  // Jobs, queues, workers and the shared content store (ScaleError). They are raised inside jobs and answered as
  // 500 when one reaches a route, as before they were ServerError codes.
  JOB_NOT_FOUND: 500,
  JOB_HANDLER_MISSING: 500,
  JOB_INPUT_INVALID: 500,
  JOB_STOPPED: 500,
  JOB_SUPERSEDED: 500,
  JOB_FAILED: 500,
  JOB_TIMEOUT: 500,
  CONTENT_MISSING: 500,
  CONTENT_MISMATCH: 500,
  QUEUE_CLOSED: 500,
  BATCH_INPUT_INVALID: 500,
} as const;

/** A literal error code of this package. */
export type ServerErrorCode = keyof typeof ERROR_STATUS;

/** Options common to every server error. */
export interface ServerErrorOptions {
  readonly cause?: unknown;
  /** Machine-readable details (the field at fault, the id...). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Base class of every error thrown by this package. Check with {@link isServerError} rather than `instanceof`,
 * which fails across ESM/CJS copies.
 */
export class ServerError extends Error {
  readonly [BRAND] = true;
  readonly code: ServerErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ServerErrorCode, message: string, options: ServerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }

  /** The HTTP status this error is answered with. */
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** A record (task, dataset, model, key) that does not exist. */
export class NotFoundError extends ServerError {
  constructor(kind: string, id: string) {
    super('NOT_FOUND', `${kind} ${id} not found`, { details: { kind, id } });
  }
}

/** A task action that its current state does not allow. */
export class InvalidTransitionError extends ServerError {
  constructor(from: string, action: string) {
    super('INVALID_TRANSITION', `cannot ${action} a task that is ${from}`, { details: { from, action } });
  }
}

/** True when `e` is a {@link ServerError} from any copy of this package. */
export function isServerError(e: unknown): e is ServerError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
