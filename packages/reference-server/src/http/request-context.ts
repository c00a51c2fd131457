/** Request ids (X-Request-Id in and out) and a pino child logger per request that carries the id. */
import { randomUUID } from 'node:crypto';
import { type NextFunction, type Request, type Response } from 'express';
import { type Logger } from 'pino';

const SAFE_ID = /^[\w.:-]{1,128}$/;

/** The request id of this exchange (the client's X-Request-Id when well formed, else a fresh UUID). */
export function requestIdOf(res: Response): string {
  return (res.locals.requestId as string | undefined) ?? 'unknown';
}

/** The logger bound to this request's id. */
export function requestLogger(res: Response): Logger {
  return res.locals.log as Logger;
}

/** Middleware assigning the request id, echoing it and logging each response with method, route, status and time. */
export function requestContext(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.get('x-request-id');
    const id = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    const started = process.hrtime.bigint();
    const log = logger.child({ reqId: id });
    res.locals.requestId = id;
    res.locals.log = log;
    res.setHeader('X-Request-Id', id);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms }, 'request');
    });
    next();
  };
}
