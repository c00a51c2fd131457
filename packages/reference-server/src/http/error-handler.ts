/** The one place where failures become HTTP statuses and the `{ error, requestId }` envelope. */
import { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { isCompassError } from '@compass/sdk';
import { ServerError, isServerError } from '../errors.js';
import { requestIdOf, requestLogger } from './request-context.js';
import { fromSdkError } from './sdk-errors.js';

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
  /** http-errors: the status and whether the message is meant for the client. */
  readonly status?: number;
  readonly expose?: boolean;
  /** zlib's code (`Z_DATA_ERROR`...) for a body whose Content-Encoding does not decode. */
  readonly code?: string;
}

/**
 * Maps SDK errors (through {@link fromSdkError}) and body-parser failures (invalid JSON, too large, bad charset, a
 * body that does not decode or ends early) to server errors.
 */
function normalise(err: unknown): unknown {
  if (isCompassError(err)) return fromSdkError(err);
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
      return bodyReadError(err) ?? err;
  }
}

/** INVALID_BODY for the client-side failures body-parser reports as http-errors 4xx (corrupt gzip, aborted body). */
function bodyReadError(err: unknown): ServerError | undefined {
  if (typeof err !== 'object' || err === null || isServerError(err)) return undefined;
  const { status, expose, code } = err as BodyParserError;
  if (typeof status !== 'number' || status < 400 || status >= 500 || expose !== true) return undefined;
  return typeof code === 'string' && code.startsWith('Z_')
    ? new ServerError('INVALID_BODY', 'the request body does not decode with its Content-Encoding', {
        details: { cause: code },
      })
    : new ServerError('INVALID_BODY', 'the request body could not be read');
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
