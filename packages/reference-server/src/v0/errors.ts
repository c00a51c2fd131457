/** Errors of the v0 (FLASH-DOCK) adapter, each carrying the exact v0 body and status its answer must have. */

const BRAND = Symbol.for('@compass/reference-server/V0Error');

/** One FastAPI-style validation issue, as the v0 client receives it. */
export interface V0Issue {
  readonly type: string;
  readonly loc: readonly (string | number)[];
  readonly msg: string;
}

/**
 * The four bodies the original service emits: a ServiceException (`{error, status_code, error_code, detail?}`),
 * a validation 422 (`{error: 'Validation error', detail: [issue], path}`), an HTTPException (`{detail}`) and an
 * unhandled 500 (`{error: 'Internal server error', path}`).
 */
export type V0ErrorCode = 'V0_SERVICE_ERROR' | 'V0_VALIDATION_ERROR' | 'V0_HTTP_ERROR';

/** A failure answered in the v0 envelope. Check with {@link isV0Error}. */
export class V0Error extends Error {
  readonly [BRAND] = true;
  readonly code: V0ErrorCode;
  readonly status: number;
  /** The body without `path` (added by the error middleware, which knows the request). */
  readonly body: Readonly<Record<string, unknown>>;
  /** Extra response headers (Retry-After on 429). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: V0ErrorCode,
    status: number,
    body: Readonly<Record<string, unknown>>,
    options: { cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    const message = typeof body.error === 'string' ? body.error : String(body.detail ?? code);
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'V0Error';
    this.code = code;
    this.status = status;
    this.body = body;
    this.headers = options.headers ?? {};
  }
}

/** True when `e` is a {@link V0Error} from any copy of this package. */
export function isV0Error(e: unknown): e is V0Error {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

/** The HTTP status of a v0 error code `ERR_nnnn`: it follows the first digit. */
export function statusOfV0Code(errorCode: string): number {
  const digit = errorCode.charAt(4);
  const table: Record<string, number> = { '1': 500, '2': 400, '3': 404, '4': 409, '5': 429, '9': 503 };
  return table[digit] ?? 400;
}

/** A ServiceException body: `{error, status_code, error_code, detail?}`. */
export function serviceError(
  errorCode: string,
  message: string,
  detail?: Record<string, unknown>,
  options: { cause?: unknown; headers?: Record<string, string> } = {},
): V0Error {
  const status = statusOfV0Code(errorCode);
  return new V0Error(
    'V0_SERVICE_ERROR',
    status,
    { error: message, status_code: status, error_code: errorCode, ...(detail ? { detail } : {}) },
    options,
  );
}

/** An HTTPException body: `{detail}`. */
export function httpError(status: number, detail: string): V0Error {
  return new V0Error('V0_HTTP_ERROR', status, { detail });
}

/** A 422 validation body; the middleware adds `path`. */
export function validationError(issues: readonly V0Issue[]): V0Error {
  return new V0Error('V0_VALIDATION_ERROR', 422, { error: 'Validation error', detail: issues });
}
