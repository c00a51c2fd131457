/** Runs the v0 API on a listener of its own (its own port), with the task stream, and registers it through v0. */
import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type AppContext, type RateLimit } from '../http/context.js';
import { advertisedAddress } from '../registry/self-registration.js';
import { VERSION } from '../version.js';
import { v0AccessCheck } from './access.js';
import { createV0App } from './app.js';
import { resourceSampler } from './resources.js';
import { registerSelfV0, type V0RegistrationOptions, type V0SelfRegistration } from './self-registration.js';
import { attachV0TaskStream, type V0StreamTimings } from './task-stream.js';

/** Options of the v0 surface (`--v0-api`). */
export interface V0ServerOptions {
  /** Port of the v0 listener (default 8081; 0 picks a free one). */
  readonly port?: number;
  /** Interface (default: the main listener's). */
  readonly host?: string;
  /** Addresses or subnets besides loopback that may call the v0 API without a key (`--v0-allow`). */
  readonly allow?: readonly string[];
  /** Accept one of our API keys (role train or admin) from other addresses (default true). */
  readonly acceptKeys?: boolean;
  /** Per-address budget of v0 calls (default 1200 a minute). */
  readonly rateLimit?: RateLimit;
  /**
   * How long an upload waits for validation before answering `processing` (default 25 s: under the v0 client's 30 s
   * timeout, after which it would send the upload again).
   */
  readonly uploadWaitMs?: number;
  /** Browser origins allowed to call the v0 API and open the task stream (the FLASH-DOCK page's); default none. */
  readonly origins?: readonly string[];
  /** Task stream timings (defaults as in the v0 API). */
  readonly stream?: V0StreamTimings;
  /** Register in this registry through the v0 API (`--registry-api v0`), advertising the v0 port. */
  readonly registry?: V0RegistrationOptions & {
    readonly advertiseAddress?: string;
    readonly advertisePort?: number;
  };
}

/** A running v0 listener. */
export interface RunningV0Listener {
  readonly url: string;
  readonly port: number;
  readonly registration: V0SelfRegistration | undefined;
  /** Deregisters, closes the task streams and stops listening. */
  close(): Promise<void>;
}

/** The start-up warning: the v0 surface has no keys, so say who can reach it. */
export function v0StartupWarning(url: string, options: V0ServerOptions): string {
  const who = options.allow?.length ? `loopback and ${options.allow.join(', ')}` : 'loopback only';
  const keys =
    options.acceptKeys === false ? 'no key accepted' : 'other addresses need one of our train/admin API keys';
  return `v0 (FLASH-DOCK) API on ${url}: keyless calls from ${who}; ${keys}; the task stream and uploads are keyless too`;
}

/**
 * Starts the v0 listener over the app's services. The v0 paths `/api/v1/models` and `/api/v1/inference/predict`
 * collide with ours, and the v0 surface has its own auth and error envelope, so it gets its own port instead of
 * guessing from each request's shape.
 */
export async function startV0Listener(ctx: AppContext, options: V0ServerOptions): Promise<RunningV0Listener> {
  const check = v0AccessCheck(ctx.storage, {
    allow: options.allow ?? [],
    acceptKeys: options.acceptKeys ?? true,
  });
  const origins = options.origins ?? [];
  const app = createV0App(
    { ...ctx, uploadWaitMs: options.uploadWaitMs ?? 25_000 },
    check,
    options.rateLimit,
    origins,
  );
  const host = options.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? 8081, host, () => resolve(s));
    s.once('error', reject);
  });
  const provider = () => {
    const loaded = ctx.models.loadedIds();
    return loaded.map((id) => ctx.models.peek(id)?.provider).find((p) => p === 'cuda') ?? 'cpu';
  };
  const closeStreams = attachV0TaskStream(
    server,
    {
      storage: ctx.storage,
      tasks: ctx.tasks,
      logger: ctx.logger,
      sample: resourceSampler(ctx.dataDir, provider),
      // Browsers always send Origin on a WebSocket; without a list the address rule alone decides (the terminal
      // page's origin is not known in advance).
      allowed: async (req) =>
        (origins.length === 0 || req.headers.origin === undefined || origins.includes(req.headers.origin)) &&
        (await check(req)),
    },
    options.stream,
  );
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  ctx.logger.warn(v0StartupWarning(url, options));
  const reg = options.registry;
  const registration = reg
    ? registerSelfV0(
        reg,
        { host: reg.advertiseAddress ?? advertisedAddress(host), port: reg.advertisePort ?? port },
        { version: VERSION, metadata: { api: 'v0', provider: provider(), models: ctx.models.loadedIds() } },
        ctx.logger,
      )
    : undefined;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    registration,
    close: () =>
      (closing ??= (async () => {
        await registration?.close();
        closeStreams();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
      })()),
  };
}
