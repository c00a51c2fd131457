/** Per-key rate limits by route class (express-rate-limit); a refused call becomes RATE_LIMITED (429, Retry-After). */
import { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { ServerError } from '../errors.js';
import { principalOf } from './auth.js';
import { type RateLimit } from './context.js';
import { type RateClass } from './route.js';

/** Default budgets per key and route class. An SSE stream counts once, when it opens. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<RateClass, RateLimit>> = {
  read: { windowMs: 60_000, limit: 600 },
  write: { windowMs: 60_000, limit: 120 },
  upload: { windowMs: 60_000, limit: 10 },
  predict: { windowMs: 60_000, limit: 300 },
  train: { windowMs: 60_000, limit: 30 },
};

/** One limiter per class; callers are keyed by API key id, or by IP address when keyless (open mode). */
export function createRateLimiters(
  overrides: Partial<Record<RateClass, RateLimit>> = {},
): Record<RateClass, RequestHandler> {
  const make = (cls: RateClass): RequestHandler => {
    const { windowMs, limit } = overrides[cls] ?? DEFAULT_RATE_LIMITS[cls];
    return rateLimit({
      windowMs,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: (req: Request, res: Response) => {
        const keyId = principalOf(res)?.keyId;
        return keyId ? `key:${keyId}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
      },
      handler: (_req: Request, _res: Response, next: NextFunction) => {
        next(
          new ServerError(
            'RATE_LIMITED',
            `rate limit of ${limit} ${cls} calls per ${windowMs / 1000} s exceeded`,
          ),
        );
      },
    });
  };
  return {
    read: make('read'),
    write: make('write'),
    upload: make('upload'),
    predict: make('predict'),
    train: make('train'),
  };
}
