/** The one place where failures become HTTP statuses and the `{ error, requestId }` envelope. */
import { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { ServerError, isServerError } from '../errors.js';
import { requestIdOf, requestLogger } from './request-context.js';

/** The error envelope every failing response carries. */
export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  requestId: z.string(),
});

/** An error envelope. */
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

interface BodyParserError {
  readonly type?: string;
  readonly limit?: number;
}

/** Maps body-parser failures (invalid JSON, too large, bad charset) to server errors. */
function normalise(err: unknown): unknown {
  const type = typeof err === 'object' && err !== null ? (err as BodyParserError).type : undefined;
  switch (type) {
    case 'entity.parse.failed':
      return new ServerError('INVALID_JSON', 'request body is not valid JSON');
    case 'entity.too.large':
      return new ServerError('PAYLOAD_TOO_LARGE', 'request body is too large', {
        details: { limit: (err as BodyParserError).limit },
      });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ServerError('UNSUPPORTED_MEDIA_TYPE', 'unsupported body encoding or charset');
    default:
      return err;
  }
}

/** Express error middleware answering with the envelope; 5xx failures are logged with their cause, never shown. */
export function errorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const e = normalise(err);
  const known = isServerError(e) ? e : undefined;
  const status = known?.status ?? 500;
  if (status >= 500) requestLogger(res)?.error({ err }, 'request failed');
  const body: ErrorEnvelope = {
    error: known
      ? {
          code: known.code,
          message: known.message,
          ...(known.details ? { details: { ...known.details } } : {}),
        }
      : { code: 'INTERNAL_ERROR', message: 'internal error' },
    requestId: requestIdOf(res),
  };
  res.status(status).json(body);
}

/** Terminal handler for paths that match no route. */
export function routeNotFound(req: Request, _res: Response, next: NextFunction): void {
  next(new ServerError('ROUTE_NOT_FOUND', `no route ${req.method} ${req.path}`));
}
