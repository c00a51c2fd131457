/** Registers this server in a COMPASS registry with TTL heartbeats, marks it draining on shutdown, then deregisters. */
import { networkInterfaces } from 'node:os';
import { RegistryClient, type Registration } from '@compass/registry-sdk';
import { type Logger } from 'pino';

/** Where the registry is and how this server is advertised there. */
export interface RegistryOptions {
  /** Registry base URL, e.g. `http://127.0.0.1:8500`. */
  readonly url: string;
  /** Registry write token. */
  readonly token?: string;
  /** Service name (default `compass`). */
  readonly service?: string;
  /**
   * Address clients should use to reach this server (default: the listening host when it is a specific address,
   * else this machine's first non-internal IPv4 address).
   */
  readonly advertiseAddress?: string;
  /** Port clients should use (default the listening port). */
  readonly advertisePort?: number;
  /** Heartbeat TTL (default 10 s; heartbeats come at about a third of it). */
  readonly ttlMs?: number;
}

/** What the registration advertises besides the address. */
export interface AdvertisedMetadata {
  readonly version: string;
  readonly models: readonly string[];
  readonly defaultModel: string | null;
  readonly provider: string;
}

/** A live self-registration. */
export interface SelfRegistration {
  readonly registration: Registration;
  /** Marks the instance draining (maintenance) so balancers send no new work; best effort. */
  drain(): Promise<void>;
  /** Deregisters and stops the heartbeats. */
  close(): Promise<void>;
}

/** The address to advertise when the server listens on `host`. */
export function advertisedAddress(host: string): string {
  if (host !== '0.0.0.0' && host !== '::' && host !== '') return host;
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

/**
 * Starts the registration loop (it retries in the background; failures are logged, never thrown). Metadata carries
 * `version`, `models` (comma-separated ids), `defaultModel` and `provider`.
 */
export function registerSelf(
  options: RegistryOptions,
  listen: { readonly host: string; readonly port: number },
  metadata: AdvertisedMetadata,
  logger?: Logger,
): SelfRegistration {
  const client = new RegistryClient({ url: options.url, ...(options.token ? { token: options.token } : {}) });
  const address = options.advertiseAddress ?? advertisedAddress(listen.host);
  const port = options.advertisePort ?? listen.port;
  const registration = client.register(
    {
      service: options.service ?? 'compass',
      address,
      port,
      url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
      version: metadata.version,
      metadata: {
        version: metadata.version,
        models: metadata.models.join(',').slice(0, 512),
        defaultModel: metadata.defaultModel ?? '',
        provider: metadata.provider,
      },
      check: { type: 'ttl', ttlMs: options.ttlMs ?? 10_000 },
    },
    { deregisterOnSignals: false },
  );
  registration.on('registered', (instance) =>
    logger?.info({ id: instance.id, registry: options.url }, 'registered'),
  );
  registration.on('error', (err) =>
    logger?.warn({ err: err.message, registry: options.url }, 'registry call failed'),
  );
  return {
    registration,
    drain: async () => {
      const id = registration.instance?.id;
      // Closed already (e.g. stopped without deregistering, to let the TTL expire): leave the entry alone.
      if (!id || registration.state === 'closed') return;
      await client
        .setMaintenance(id, true, 'draining', { timeoutMs: 2000, maxRetries: 0 })
        .catch((e: unknown) =>
          logger?.warn({ err: (e as Error).message }, 'could not mark draining in the registry'),
        );
    },
    close: async () => {
      await registration.close().catch(() => undefined);
      await client.close().catch(() => undefined);
    },
  };
}
