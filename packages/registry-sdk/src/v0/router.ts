/** The registry's v0 API (what FLASH-DOCK's Python client speaks), translated onto the registry core. */
import { randomBytes } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { type Registry } from '../core/registry.js';
import { type Instance } from '../instance/types.js';
import { isRegistryError } from '../errors.js';
import { addressAllowList } from './address-allow-list.js';
import { V0RequestError, serviceNotFound } from './errors.js';
import { probeV0Health } from './health-probe.js';
import { encodeV0Metadata } from './metadata-codec.js';
import { naiveIso } from './naive-time.js';
import { parseV0, v0RegisterBodySchema } from './schemas.js';
import { toV0ServiceInfo, type V0Status } from './service-info.js';

/** Options of {@link createV0RegistryRouter}. */
export interface V0RegistryOptions {
  /** TTL of a v0 registration: silence (no heartbeat) longer than this makes it critical (default 60 s). */
  readonly ttlMs?: number;
  /** A critical v0 registration is removed after this long (default 60 s). */
  readonly deregisterAfterMs?: number;
  /** Timeout of the `/health` probe made on registration and on each heartbeat (default 2 s). */
  readonly probeTimeoutMs?: number;
  /** Addresses or subnets besides loopback that may register, heartbeat and deregister without a token. */
  readonly allow?: readonly string[];
  /** Also restrict v0 reads to loopback and `allow` (set when the registry's own reads need a token). */
  readonly restrictReads?: boolean;
  /** `fetch` of the probes (default the global one). */
  readonly fetch?: typeof fetch;
  /** Clock in epoch ms (default `Date.now`), for the timestamps of answers. */
  readonly now?: () => number;
}

/** Tag set on instances registered through v0. */
export const V0_TAG = 'v0';
const V0_STATUS_WORDS: readonly V0Status[] = ['healthy', 'unhealthy', 'unknown'];

/** Every instance of every service (or of one), passing or not. */
async function allInstances(registry: Registry, service: string | undefined): Promise<Instance[]> {
  const names = service === undefined ? (await registry.services()).map((s) => s.service) : [service];
  const lists = await Promise.all(
    names.map(async (name) => (await registry.instances({ service: name, passingOnly: false })).instances),
  );
  return lists.flat();
}

/** 422 with FastAPI's body for body-parser failures; other errors pass on. */
function bodyParserProblem(err: unknown): V0RequestError | undefined {
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed')
    return new V0RequestError('V0_VALIDATION_FAILED', [
      { type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error' },
    ]);
  return undefined;
}

/** Answers failures under the v0 paths with `{detail}`, as FastAPI does. */
function v0ErrorHandler(onError?: (err: unknown, req: Request) => void) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    const known = err instanceof V0RequestError ? err : bodyParserProblem(err);
    if (known) {
      res.status(known.status).json(known.body);
      return;
    }
    const status = (err as { status?: number } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ detail: (err as Error).message });
      return;
    }
    if (isRegistryError(err) && err.code === 'INVALID_REGISTRATION') {
      // The core's limits (metadata size, host length) as FastAPI would report them.
      const field = typeof err.details?.field === 'string' ? err.details.field : '';
      const loc = ['body', ...(field ? field.split('.') : [])].map((p) => p.replace(/^address$/, 'host'));
      res.status(422).json({ detail: [{ type: 'value_error', loc, msg: err.message }] });
      return;
    }
    if (isRegistryError(err) && err.code === 'STORE_UNAVAILABLE') {
      res.status(503).json({ detail: err.message });
      return;
    }
    onError?.(err, req);
    res.status(500).json({ detail: 'Internal Server Error' });
  };
}

/**
 * The v0 routes: `GET /health` (v0 body, with our `index` added), `POST /api/v1/services/register`,
 * `POST /api/v1/services/{id}/heartbeat`, `DELETE /api/v1/services/{id}`, `GET /api/v1/services`
 * (`service_name`, `status_filter`) and `GET /api/v1/services/{id}`. A v0 registration becomes a first-class
 * instance (tag `v0`) with a TTL check: heartbeats keep it alive, silence expires it and it is removed after
 * `deregisterAfterMs` critical. It is `unknown` until the first probe of its `/health`, which runs at once in the
 * background; each heartbeat probes again (pass: passing, anything else: warning, i.e. v0 `unhealthy`).
 * Writes are keyless, so they are accepted only from loopback and `allow`.
 *
 * @example
 * ```ts
 * app.use(createV0RegistryRouter(registry, { allow: ['10.0.0.0/8'] }));
 * ```
 */
export function createV0RegistryRouter(
  registry: Registry,
  options: V0RegistryOptions = {},
  onError?: (err: unknown, req: Request) => void,
): Router {
  const ttlMs = options.ttlMs ?? 60_000;
  const deregisterAfterMs = options.deregisterAfterMs ?? 60_000;
  const probeTimeoutMs = options.probeTimeoutMs ?? 2000;
  const fetchImpl = options.fetch ?? ((...args) => fetch(...args));
  const now = options.now ?? Date.now;
  const allowed = addressAllowList(options.allow);
  const guard = (req: Request, _res: Response, next: NextFunction) => {
    if (allowed(req.socket.remoteAddress)) return next();
    next(
      new V0RequestError(
        'V0_ADDRESS_NOT_ALLOWED',
        `v0 calls from ${req.socket.remoteAddress ?? 'an unknown address'} are not allowed (see --v0-allow)`,
      ),
    );
  };
  const readGuard = options.restrictReads
    ? guard
    : (_req: Request, _res: Response, next: NextFunction) => next();

  const probe = async (instance: Instance): Promise<void> => {
    const outcome = await probeV0Health(instance.address, instance.port ?? 80, probeTimeoutMs, fetchImpl);
    await registry.ttlUpdate(instance.id, outcome.result === 'pass' ? 'pass' : 'warn', outcome.note);
  };
  const existing = async (id: string): Promise<Instance> => {
    const instance = await registry.get(id);
    if (!instance) throw serviceNotFound(id);
    return instance;
  };

  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({
      status: 'healthy',
      message: 'Service registry is running',
      timestamp: naiveIso(now()),
      index: registry.index,
    });
  });
  const services = Router();
  services.use(express.json({ limit: 64 * 1024, type: 'application/json' }));
  services.post('/register', guard, async (req, res) => {
    const body = parseV0(v0RegisterBodySchema, req.body, 'body');
    const instance = await registry.register({
      id: `${body.service_name}-${randomBytes(4).toString('hex')}`,
      service: body.service_name,
      address: body.host,
      port: body.port,
      metadata: encodeV0Metadata(body.metadata),
      version: body.version,
      tags: [V0_TAG],
      check: { type: 'ttl', ttlMs, deregisterCriticalAfterMs: deregisterAfterMs },
      // Critical with no note is v0 `unknown`: not discoverable until its /health answers.
      status: 'critical',
    });
    probe(instance).catch(() => undefined);
    res.json({
      service_id: instance.id,
      message: `Service ${body.service_name} registered successfully`,
      registered_at: naiveIso(instance.registeredAt),
    });
  });
  services.post('/:id/heartbeat', guard, async (req, res) => {
    const instance = await existing(String(req.params.id));
    try {
      await probe(instance);
    } catch (err) {
      // Deregistered while the probe ran.
      if (isRegistryError(err) && err.code === 'INSTANCE_NOT_FOUND') throw serviceNotFound(instance.id);
      throw err;
    }
    res.json({ message: 'Heartbeat updated', timestamp: naiveIso(now()) });
  });
  services.delete('/:id', guard, async (req, res) => {
    const id = String(req.params.id);
    if (!(await registry.deregister(id))) throw serviceNotFound(id);
    res.json({ message: `Service ${id} deregistered successfully` });
  });
  services.get('/', readGuard, async (req, res) => {
    const name = typeof req.query.service_name === 'string' ? req.query.service_name : undefined;
    const filter = typeof req.query.status_filter === 'string' ? req.query.status_filter : undefined;
    const wanted = V0_STATUS_WORDS.find((w) => w === filter);
    const infos = (await allInstances(registry, name || undefined))
      .map(toV0ServiceInfo)
      .filter((info) => wanted === undefined || info.status === wanted);
    res.json({ services: infos, count: infos.length });
  });
  services.get('/:id', readGuard, async (req, res) => {
    res.json(toV0ServiceInfo(await existing(String(req.params.id))));
  });
  services.use((_req, res) => {
    res.status(404).json({ detail: 'Not Found' });
  });
  router.use('/api/v1/services', services, v0ErrorHandler(onError));
  return router;
}
