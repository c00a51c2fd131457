/** RegistryClient: the REST API as typed calls, plus long-lived registrations and discovery caches. */
import {
  type Instance,
  type InstanceQuery,
  type QueryResult,
  type RegistrationInput,
} from '../instance/types.js';
import type { BackoffOptions } from '../retry/index.js';
import { Discovery, type DiscoveryOptions } from './discovery.js';
import { Registration, type RegistrationOptions } from './registration.js';
import { Transport, type CallOptions, type TransportOptions } from './transport.js';

/** Options of {@link RegistryClient}. */
export interface RegistryClientOptions extends TransportOptions {
  /** Delays of the background retry loops (registration, heartbeats, watches). */
  readonly backoff?: BackoffOptions;
}

/** Filters of an instance list: an {@link InstanceQuery} without the service. */
export type InstanceFilter = Omit<InstanceQuery, 'service'>;

/** Options of a (blocking) instance list. */
export interface ListInstancesOptions extends CallOptions {
  /** Block until the registry index exceeds this value... */
  readonly index?: number;
  /** ...or this long has passed (server-capped). */
  readonly waitMs?: number;
}

/** Answer of {@link RegistryClient.listServices}. */
export interface ServiceSummary {
  readonly service: string;
  readonly instances: number;
  readonly passing: number;
}

const enc = encodeURIComponent;

/**
 * Client of a registry server. One-shot calls retry transient failures a few times and throw
 * `RegistryHttpError` subclasses; `register` and `discover` return long-lived objects that never block.
 *
 * @example
 * ```ts
 * const client = new RegistryClient({ url: 'http://127.0.0.1:8500', token: process.env.REGISTRY_TOKEN });
 * const me = client.register({ service: 'compass', address: '10.0.0.5', port: 8080, check: { type: 'ttl', ttlMs: 10_000 } });
 * me.on('error', (err) => console.warn(err.message));
 * const compass = client.discover('compass');
 * compass.subscribe((instances) => console.log(instances.length, 'instances'));
 * process.on('SIGTERM', () => void client.close());
 * ```
 */
export class RegistryClient {
  readonly #transport: Transport;
  readonly #backoff: BackoffOptions;
  readonly #registrations = new Set<Registration>();
  readonly #discoveries = new Map<string, Discovery>();

  constructor(options: RegistryClientOptions) {
    this.#transport = new Transport(options);
    this.#backoff = options.backoff ?? {};
  }

  /** Registers (or replaces) an instance once; `PUT /v1/instances[/:id]`. */
  async putInstance(input: RegistrationInput, options: CallOptions = {}): Promise<Instance> {
    const path = input.id === undefined ? 'v1/instances' : `v1/instances/${enc(input.id)}`;
    return (await this.#transport.send<Instance>({ ...options, method: 'put', path, json: input })).body;
  }

  /** One instance; throws `RegistryNotFoundError` when unknown. */
  async getInstance(id: string, options: CallOptions = {}): Promise<Instance> {
    return (
      await this.#transport.send<Instance>({ ...options, method: 'get', path: `v1/instances/${enc(id)}` })
    ).body;
  }

  /** Deregisters an instance; throws `RegistryNotFoundError` when unknown. */
  async deleteInstance(id: string, options: CallOptions = {}): Promise<void> {
    await this.#transport.send({ ...options, method: 'delete', path: `v1/instances/${enc(id)}` });
  }

  /** Reports the result of a TTL check (a heartbeat when `pass`). */
  async reportTtl(
    id: string,
    result: 'pass' | 'warn' | 'fail',
    note?: string,
    options: CallOptions = {},
  ): Promise<Instance> {
    const path = `v1/instances/${enc(id)}/ttl/${result}`;
    return (
      await this.#transport.send<Instance>({
        ...options,
        method: 'put',
        path,
        json: note === undefined ? {} : { note },
      })
    ).body;
  }

  /** Puts an instance in maintenance or takes it out. */
  async setMaintenance(
    id: string,
    enabled: boolean,
    reason?: string,
    options: CallOptions = {},
  ): Promise<Instance> {
    const json = reason === undefined ? { enabled } : { enabled, reason };
    return (
      await this.#transport.send<Instance>({
        ...options,
        method: 'put',
        path: `v1/instances/${enc(id)}/maintenance`,
        json,
      })
    ).body;
  }

  /** Every service with its instance counts. */
  async listServices(options: CallOptions = {}): Promise<ServiceSummary[]> {
    return (
      await this.#transport.send<{ services: ServiceSummary[] }>({
        ...options,
        method: 'get',
        path: 'v1/services',
      })
    ).body.services;
  }

  /**
   * A service's instances. With `index`, a blocking query: the answer comes when the registry index passes
   * `index` or after `waitMs`. The call's timeout is stretched to cover the wait.
   */
  async listInstances(
    service: string,
    filter: InstanceFilter = {},
    options: ListInstancesOptions = {},
  ): Promise<QueryResult> {
    const params = new URLSearchParams();
    if (filter.passingOnly === false) params.set('passing', 'false');
    for (const tag of filter.tags ?? []) params.append('tag', tag);
    for (const [key, value] of Object.entries(filter.metadata ?? {})) params.set(`meta.${key}`, value);
    let timeoutMs = options.timeoutMs;
    if (options.index !== undefined) {
      params.set('index', String(options.index));
      if (options.waitMs !== undefined) {
        params.set('wait', `${Math.max(0, Math.round(options.waitMs))}ms`);
        timeoutMs = Math.max(timeoutMs ?? 0, options.waitMs + 10_000);
      }
    }
    const path = `v1/services/${enc(service)}/instances`;
    const request = {
      ...options,
      method: 'get' as const,
      path,
      searchParams: params,
      ...(timeoutMs ? { timeoutMs } : {}),
    };
    return (await this.#transport.send<QueryResult>(request)).body;
  }

  /** The registry's `/health`. */
  async health(options: CallOptions = {}): Promise<{ status: 'ok'; index: number }> {
    return (
      await this.#transport.send<{ status: 'ok'; index: number }>({
        ...options,
        method: 'get',
        path: 'health',
      })
    ).body;
  }

  /**
   * Registers `input` in the background and keeps it registered (heartbeats, re-registration after a wipe or an
   * outage) until `close()`. Returns at once; progress is reported through the returned object's events.
   */
  register(input: RegistrationInput, options: RegistrationOptions = {}): Registration {
    const registration = new Registration(this, input, { backoff: this.#backoff, ...options });
    this.#registrations.add(registration);
    registration.once('closed', () => this.#registrations.delete(registration));
    return registration;
  }

  /**
   * A live, cached list of `service`'s instances fed by a watch. The same object is returned for the same
   * service and filter until it is closed.
   */
  discover(service: string, filter: InstanceFilter = {}, options: DiscoveryOptions = {}): Discovery {
    const key = JSON.stringify([
      service,
      filter.passingOnly ?? true,
      filter.tags ?? [],
      filter.metadata ?? {},
    ]);
    const existing = this.#discoveries.get(key);
    if (existing) return existing;
    const discovery = new Discovery(this, service, filter, { backoff: this.#backoff, ...options });
    this.#discoveries.set(key, discovery);
    discovery.once('closed', () => this.#discoveries.delete(key));
    return discovery;
  }

  /** Deregisters every registration and stops every discovery. */
  async close(): Promise<void> {
    await Promise.all([...this.#registrations].map((r) => r.close()));
    await Promise.all([...this.#discoveries.values()].map((d) => d.close()));
  }
}
