/** One per-address budget for the v0 listener, generous enough for the v0 client's polling (0.5 s during stop). */
import { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { type RateLimit } from '../http/context.js';
import { serviceError } from './errors.js';

/**
 * Default v0 budget: 1200 calls a minute per address. A Streamlit page re-runs discovery and its reads on every
 * interaction, and stop polls every 0.5 s, so this is far above what one FLASH-DOCK user sends.
 */
export const DEFAULT_V0_RATE_LIMIT: RateLimit = { windowMs: 60_000, limit: 1200 };

/** The limiter; a refused call is the v0 ERR_5000 (429) with `X-RateLimit-*` and `Retry-After` headers. */
export function v0RateLimiter(budget: RateLimit = DEFAULT_V0_RATE_LIMIT): RequestHandler {
  return rateLimit({
    windowMs: budget.windowMs,
    limit: budget.limit,
    standardHeaders: false,
    legacyHeaders: true,
    keyGenerator: (req: Request) => `v0:${ipKeyGenerator(req.ip ?? 'unknown')}`,
    handler: (_req: Request, _res: Response, next: NextFunction) => {
      next(
        serviceError(
          'ERR_5000',
          `Rate limit exceeded: ${budget.limit} calls per ${budget.windowMs / 1000} s`,
          {
            limit: budget.limit,
            window_seconds: budget.windowMs / 1000,
          },
        ),
      );
    },
  });
}
