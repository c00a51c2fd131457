/** Routes of one instance: idempotent register, deregister, get, TTL reports and maintenance. */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { type Registry } from '../../core/registry.js';
import { registrationInputSchema } from '../../core/schema.js';
import { HttpProblem } from '../problem.js';
import { maintenanceSchema, ttlReportSchema } from '../schemas.js';
import { parseOrThrow } from '../validate.js';

/** Instance ids in paths: non-empty, bounded, no control characters. */
export const instanceIdSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\s/\\]+$/, 'must not contain spaces or slashes');

const TTL_RESULTS = ['pass', 'warn', 'fail'] as const;

/** The parsed JSON body, `undefined` when none was sent; a body in another media type is refused with 415. */
export function jsonBodyOf(req: Request): unknown {
  if (req.body !== undefined) return req.body;
  const length = req.get('content-length');
  const hasBody = (length !== undefined && length !== '0') || req.get('transfer-encoding') !== undefined;
  if (hasBody) throw new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'request body must be application/json');
  return undefined;
}

function notFound(id: string): HttpProblem {
  return new HttpProblem(404, 'INSTANCE_NOT_FOUND', `no instance with id "${id}"`, { details: { id } });
}

function idOf(req: Request): string {
  return parseOrThrow(instanceIdSchema, req.params.id, 'path');
}

/** The instance routes, mounted under `/v1/instances` behind the auth guards and the JSON parser. */
export function instanceRoutes(registry: Registry): Router {
  const router = Router();

  const register = async (req: Request, pathId: string | undefined) => {
    const body = parseOrThrow(registrationInputSchema, jsonBodyOf(req), 'body');
    if (pathId !== undefined && body.id !== undefined && body.id !== pathId) {
      throw new HttpProblem(
        400,
        'VALIDATION_FAILED',
        `body.id: "${body.id}" differs from the path id "${pathId}"`,
        {
          details: { in: 'body', field: 'id' },
        },
      );
    }
    return registry.register(pathId === undefined ? body : { ...body, id: pathId });
  };

  router.put('/', async (req, res) => {
    res.json(await register(req, undefined));
  });
  router.put('/:id', async (req, res) => {
    res.json(await register(req, idOf(req)));
  });
  router.get('/:id', async (req, res) => {
    const id = idOf(req);
    const instance = await registry.get(id);
    if (!instance) throw notFound(id);
    res.json(instance);
  });
  router.delete('/:id', async (req, res) => {
    const id = idOf(req);
    if (!(await registry.deregister(id))) throw notFound(id);
    res.json({ id, deregistered: true });
  });
  for (const result of TTL_RESULTS) {
    router.put(`/:id/ttl/${result}`, async (req, res) => {
      const id = idOf(req);
      const body = parseOrThrow(ttlReportSchema, jsonBodyOf(req) ?? {}, 'body');
      res.json(await registry.ttlUpdate(id, result, body.note));
    });
  }
  router.put('/:id/maintenance', async (req, res) => {
    const id = idOf(req);
    const body = parseOrThrow(maintenanceSchema, jsonBodyOf(req), 'body');
    res.json(await registry.setMaintenance(id, body.enabled, body.reason));
  });
  return router;
}
