/** The v0 error middleware: every failure on the v0 listener becomes one of the four bodies the v0 client reads. */
import { type NextFunction, type Request, type Response } from 'express';
import { isCompassError } from '@compass/sdk/engine';
import { isServerError, type ServerError, type ServerErrorCode } from '../errors.js';
import { fromSdkError } from '../http/sdk-errors.js';
import { requestLogger } from '../http/request-context.js';
import { httpError, isV0Error, serviceError, type V0Error, validationError } from './errors.js';

/** v0 `ERR_nnnn` codes for our codes answered as ServiceExceptions (the status follows the first digit). */
const SERVICE_CODES: Partial<Record<ServerErrorCode, string>> = {
  VALIDATION_FAILED: 'ERR_2000',
  INVALID_JSON: 'ERR_2000',
  INVALID_BODY: 'ERR_2000',
  INVALID_FILE_NAME: 'ERR_2000',
  INVALID_STRUCTURE: 'ERR_2003',
  PREDICTION_FAILED: 'ERR_2004',
  PATH_NOT_ALLOWED: 'ERR_2005',
  BATCH_TOO_LARGE: 'ERR_2000',
  INVALID_MODEL_PACKAGE: 'ERR_2000',
  UNSUPPORTED_MEDIA_TYPE: 'ERR_2000',
  INVALID_TRANSITION: 'ERR_2001',
  CONFLICT: 'ERR_4000',
  RATE_LIMITED: 'ERR_5000',
  MODEL_UNAVAILABLE: 'ERR_9000',
  TRAINER_UNAVAILABLE: 'ERR_9001',
  SERVER_DRAINING: 'ERR_9002',
};

/** Not-found codes by record kind (3004 task, 3002 dataset, 3003 model; a file is a 400). */
const NOT_FOUND_CODES: Readonly<Record<string, string>> = {
  task: 'ERR_3004',
  dataset: 'ERR_3002',
  model: 'ERR_3003',
  // A structure path the server cannot read: the original answers 400 for a missing file.
  file: 'ERR_2002',
};

/** Our server error as the v0 error it is answered with; `undefined` for failures that stay a hidden 500. */
export function v0ErrorOf(e: ServerError): V0Error | undefined {
  const detail = e.details ? { ...e.details } : undefined;
  if (e.code === 'NOT_FOUND') {
    const kind = typeof e.details?.kind === 'string' ? e.details.kind : '';
    return serviceError(NOT_FOUND_CODES[kind] ?? 'ERR_3000', e.message, detail);
  }
  if (e.code === 'ROUTE_NOT_FOUND') return httpError(404, 'Not Found');
  if (e.code === 'PAYLOAD_TOO_LARGE') return httpError(413, e.message);
  if (e.code === 'UNAUTHENTICATED') return httpError(401, e.message);
  if (e.code === 'FORBIDDEN') return httpError(403, e.message);
  const code = SERVICE_CODES[e.code];
  return code ? serviceError(code, e.message, detail, { cause: e }) : undefined;
}

/** body-parser failures: invalid JSON is FastAPI's 422 `json_invalid`, a body too large its 413. */
function fromBodyParser(err: unknown): V0Error | undefined {
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed')
    return validationError([{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error' }]);
  if (type === 'entity.too.large') return httpError(413, 'Request body too large');
  return undefined;
}

/** Express error middleware of the v0 listener. Unknown failures are logged and answered `Internal server error`. */
export function v0ErrorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const normalised = isCompassError(err) ? fromSdkError(err) : err;
  const known = isV0Error(normalised)
    ? normalised
    : (fromBodyParser(normalised) ?? (isServerError(normalised) ? v0ErrorOf(normalised) : undefined));
  if (!known) {
    requestLogger(res)?.error({ err }, 'v0 request failed');
    res.status(500).json({ error: 'Internal server error', path: req.path });
    return;
  }
  if (known.status >= 500) requestLogger(res)?.error({ err }, 'v0 request failed');
  res.set(known.headers);
  const body = known.code === 'V0_VALIDATION_ERROR' ? { ...known.body, path: req.path } : known.body;
  res.status(known.status).json(body);
}

/** Terminal handler for v0-listener paths that match no route: FastAPI's `{detail: 'Not Found'}`. */
export function v0RouteNotFound(_req: Request, _res: Response, next: NextFunction): void {
  next(httpError(404, 'Not Found'));
}
