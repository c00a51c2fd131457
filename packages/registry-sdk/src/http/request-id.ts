/** Gives every request an id (the caller's `X-Request-Id` when it is sane) and echoes it on the response. */
import { randomUUID } from 'node:crypto';
import { type NextFunction, type Request, type Response } from 'express';

/** Header carrying the request id both ways. */
export const REQUEST_ID_HEADER = 'x-request-id';
const SANE_ID = /^[\w.:-]{1,128}$/;

/** The request id assigned by {@link requestIdMiddleware} (a fresh UUID when none was assigned yet). */
export function requestIdOf(req: Request, res: Response): string {
  const existing = res.locals.requestId as string | undefined;
  if (existing) return existing;
  const given = req.get(REQUEST_ID_HEADER);
  const id = given && SANE_ID.test(given) ? given : randomUUID();
  res.locals.requestId = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** Express middleware assigning the request id before anything else runs. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  requestIdOf(req, res);
  next();
}
