/** Routes over services: the service list and a service's instances, with filters and blocking queries. */
import { Router, type Request, type Response } from 'express';
import { type InstanceQuery } from '../../instance/types.js';
import { type Registry } from '../../core/registry.js';
import { SERVICE_NAME_PATTERN } from '../../core/schema.js';
import { parseDuration } from '../duration.js';
import { HttpProblem } from '../problem.js';
import { instanceListQuerySchema } from '../schemas.js';
import { parseOrThrow } from '../validate.js';

/** Response header carrying the registry index an answer reflects. */
export const INDEX_HEADER = 'x-registry-index';

/** Limits of blocking queries. */
export interface BlockingOptions {
  /** Longest wait a caller may ask for (default 5 minutes). */
  readonly maxWaitMs: number;
  /** Aborted when the server shuts down, ending every pending blocking query. */
  readonly signal?: AbortSignal;
}

/** The instance query and blocking parameters expressed by a request's path and query string. */
export function parseInstanceQuery(
  req: Request,
  maxWaitMs: number,
): { query: InstanceQuery; index?: number; waitMs?: number } {
  const service = String(req.params.service ?? '');
  if (!SERVICE_NAME_PATTERN.test(service)) {
    throw new HttpProblem(
      400,
      'VALIDATION_FAILED',
      'path.service: must be 1-128 letters, digits, "_", "-" or "."',
      {
        details: { in: 'path', field: 'service' },
      },
    );
  }
  const raw = parseOrThrow(instanceListQuerySchema, req.query, 'query');
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith('meta.')) continue;
    if (typeof value !== 'string' || key.length === 5) {
      throw new HttpProblem(400, 'VALIDATION_FAILED', `query.${key}: must be given once, as meta.KEY=VALUE`, {
        details: { in: 'query', field: key },
      });
    }
    metadata[key.slice(5)] = value;
  }
  const tags = raw.tag === undefined ? undefined : Array.isArray(raw.tag) ? raw.tag : [raw.tag];
  const query: InstanceQuery = {
    service,
    passingOnly: raw.passing !== 'false',
    ...(tags ? { tags } : {}),
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
  };
  if (raw.index === undefined) return { query };
  const waitMs = Math.min(
    raw.wait === undefined ? maxWaitMs : (parseDuration(raw.wait) ?? maxWaitMs),
    maxWaitMs,
  );
  return { query, index: Number(raw.index), waitMs };
}

/** An AbortSignal that fires when the caller hangs up or the server shuts down. */
function requestSignal(res: Response, shutdown: AbortSignal | undefined): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return shutdown ? AbortSignal.any([controller.signal, shutdown]) : controller.signal;
}

/** The service routes, mounted under `/v1/services` behind the read guard. */
export function serviceRoutes(registry: Registry, blocking: BlockingOptions): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const index = registry.index;
    const services = await registry.services();
    res.setHeader(INDEX_HEADER, String(index));
    res.json({ services });
  });
  router.get('/:service/instances', async (req, res) => {
    const { query, index, waitMs } = parseInstanceQuery(req, blocking.maxWaitMs);
    if (index === undefined) {
      const result = await registry.instances(query);
      res.setHeader(INDEX_HEADER, String(result.index));
      res.json(result);
      return;
    }
    const signal = requestSignal(res, blocking.signal);
    try {
      const result = await registry.query(query, { index, waitMs, signal });
      res.setHeader(INDEX_HEADER, String(result.index));
      res.json(result);
    } catch (err) {
      // A caller that hung up needs no answer; on shutdown the connection is closed under it.
      if (signal.aborted) {
        res.destroy();
        return;
      }
      throw err;
    }
  });
  return router;
}
