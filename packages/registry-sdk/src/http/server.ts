/** Runs the registry's router on its own HTTP server: the one code path shared by tests, the CLI and `npm start`. */
import { once } from 'node:events';
import { type AddressInfo } from 'node:net';
import express from 'express';
import { Registry } from '../core/registry.js';
import { createStore } from '../stores/index.js';
import { createErrorHandler, routeNotFound } from './error-handler.js';
import { requestIdMiddleware } from './request-id.js';
import { createRegistryRouter, type RegistryRouterOptions } from './router.js';

/** Options of {@link startRegistryServer}. */
export interface RegistryServerOptions extends Omit<RegistryRouterOptions, 'signal'> {
  /** Registry to serve; the server does not close it. Omitted: one is opened on `store` and closed with the server. */
  readonly registry?: Registry;
  /** Store spec when no registry is given: `memory` (default), `sqlite:PATH` or `etcd:URL`. */
  readonly store?: string;
  /** Interface to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** Port (default 8500; 0 picks a free one). */
  readonly port?: number;
}

/** A running registry server. */
export interface RunningRegistryServer {
  /** Base URL, e.g. `http://127.0.0.1:8500`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly registry: Registry;
  /** Stops listening, ends blocking queries and open connections, and closes the registry if it opened it. */
  close(): Promise<void>;
}

/**
 * Opens (or takes) a registry and serves its REST API.
 *
 * @example
 * ```ts
 * const server = await startRegistryServer({ store: 'sqlite:./registry.db', port: 8500, auth: { writeTokens: ['s3cret'] } });
 * console.log(`registry at ${server.url}`);
 * await server.close();
 * ```
 */
export async function startRegistryServer(options: RegistryServerOptions): Promise<RunningRegistryServer> {
  const ownsRegistry = options.registry === undefined;
  const registry =
    options.registry ?? (await Registry.open({ store: createStore(options.store ?? 'memory') }));
  const shutdown = new AbortController();
  try {
    const app = express();
    app.disable('x-powered-by');
    app.use(createRegistryRouter(registry, { ...options, signal: shutdown.signal }));
    app.use(requestIdMiddleware, routeNotFound, createErrorHandler(options.onError));
    const host = options.host ?? '127.0.0.1';
    const server = app.listen(options.port ?? 8500, host);
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        shutdown.abort();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        if (ownsRegistry) await registry.close();
      })());
    return { url: `http://${urlHost}:${port}`, host, port, registry, close };
  } catch (err) {
    if (ownsRegistry) await registry.close();
    throw err;
  }
}
