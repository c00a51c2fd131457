/** The one place where failures become HTTP statuses and the `{ error, requestId }` envelope. */
import { type NextFunction, type Request, type Response } from 'express';
import { isRegistryError } from '../errors.js';
import { HttpProblem } from './problem.js';
import { requestIdOf } from './request-id.js';
import { type ErrorEnvelope } from './schemas.js';

/** Status for each error code the core raises; codes not listed are answered 500. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  INSTANCE_NOT_FOUND: 404,
  INVALID_REGISTRATION: 400,
  STORE_UNAVAILABLE: 503,
};

interface BodyParserError {
  readonly type?: string;
  readonly status?: number;
  readonly limit?: number;
}

/** Maps body-parser failures (invalid JSON, too large, bad encoding) to problems. */
function fromBodyParser(err: BodyParserError): HttpProblem | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return new HttpProblem(400, 'INVALID_JSON', 'request body is not valid JSON');
    case 'entity.too.large':
      return new HttpProblem(413, 'PAYLOAD_TOO_LARGE', `request body exceeds ${err.limit ?? 'the'} bytes`, {
        details: { limit: err.limit },
      });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'unsupported body encoding or charset');
    default:
      return undefined;
  }
}

/** Status, code, message and details of any thrown value; unknown failures are hidden behind a generic 500. */
export function describeFailure(err: unknown): { status: number; body: Omit<ErrorEnvelope, 'requestId'> } {
  const parsed = typeof err === 'object' && err !== null ? fromBodyParser(err as BodyParserError) : undefined;
  const problem = parsed ?? err;
  if (problem instanceof HttpProblem) {
    return {
      status: problem.status,
      body: { error: { code: problem.code, message: problem.message, details: problem.details } },
    };
  }
  if (isRegistryError(problem)) {
    const status = STATUS_BY_CODE[problem.code] ?? 500;
    return {
      status,
      body: { error: { code: problem.code, message: problem.message, details: problem.details } },
    };
  }
  return { status: 500, body: { error: { code: 'INTERNAL_ERROR', message: 'internal error' } } };
}

/**
 * Express error middleware answering with the envelope. `onError` sees every 5xx (with the original error)
 * so the host can log it; the caller never sees internals.
 */
export function createErrorHandler(onError?: (err: unknown, req: Request) => void) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    const { status, body } = describeFailure(err);
    if (status >= 500) onError?.(err, req);
    const envelope: ErrorEnvelope = { ...body, requestId: requestIdOf(req, res) };
    res.status(status).json(envelope);
  };
}

/** Terminal handler for paths under the API prefix that match no route. */
export function routeNotFound(req: Request, _res: Response, next: NextFunction): void {
  next(new HttpProblem(404, 'ROUTE_NOT_FOUND', `no route ${req.method} ${req.originalUrl.split('?')[0]}`));
}
