/** A discovery cache: a watch (long-polling blocking queries) keeps a service's instance list current. */
import { EventEmitter } from 'eventemitter3';
import { type Instance, type InstanceSource } from '../instance/types.js';
import type { BackoffOptions } from '../retry/index.js';
import { pause, RetrySchedule } from './backoff.js';
import { RegistryHttpError, RegistryUnreachableError } from './errors.js';
import { type InstanceFilter, type RegistryClient } from './registry-client.js';
import { sameInstances } from './same-instances.js';

/**
 * Events of a {@link Discovery}:
 * - `change(instances)`: the list changed (same payload as `subscribe` listeners get);
 * - `error(error, retryInMs)`: a fetch failed; the last good list is still served;
 * - `closed()`: stopped.
 */
export interface DiscoveryEvents {
  change: [instances: readonly Instance[]];
  error: [error: RegistryHttpError, retryInMs: number];
  closed: [];
}

/** Options of `RegistryClient.discover`. */
export interface DiscoveryOptions {
  /** Wait of each blocking query (default 30 s). */
  readonly waitMs?: number;
  /**
   * An empty answer right after a non-empty one is believed only once it has lasted this long (default 10 s):
   * a registry that restarted empty must not make every client drop every instance at once.
   */
  readonly emptyGraceMs?: number;
  /** Pause between polls when the registry index does not move (default 1 s), so a misbehaving server is not hammered. */
  readonly idlePollMs?: number;
  /** Delays between failed fetches. */
  readonly backoff?: BackoffOptions;
  /** Clock (tests). */
  readonly now?: () => number;
  /** Aborting it stops the watch, like `close()`. */
  readonly signal?: AbortSignal;
}

/**
 * Live list of one service's instances. Implements `InstanceSource` for the balancer: `current()` returns the
 * last good list (also while the registry is unreachable; see `lastSuccessfulFetchAt`), `subscribe` reports changes.
 */
export class Discovery extends EventEmitter<DiscoveryEvents> implements InstanceSource {
  #instances: readonly Instance[] = [];
  #index = 0;
  #lastSuccess: number | undefined;
  #emptySince: number | undefined;
  #emptyTimer: ReturnType<typeof setTimeout> | undefined;
  #ready = false;
  readonly #readyWaiters = new Set<() => void>();
  readonly #stop = new AbortController();
  readonly #loop: Promise<void>;
  readonly #now: () => number;

  constructor(
    private readonly client: RegistryClient,
    /** The service watched. */
    readonly service: string,
    private readonly filter: InstanceFilter,
    private readonly options: DiscoveryOptions = {},
  ) {
    super();
    this.#now = options.now ?? Date.now;
    this.#loop = this.#run();
    if (options.signal?.aborted) void this.close();
    else options.signal?.addEventListener('abort', () => void this.close(), { once: true });
  }

  /** The last good list (empty before the first successful fetch). */
  current(): readonly Instance[] {
    return this.#instances;
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (instances: readonly Instance[]) => void): () => void {
    this.on('change', listener);
    return () => {
      this.off('change', listener);
    };
  }

  /** Epoch ms of the last successful fetch; undefined before the first. */
  get lastSuccessfulFetchAt(): number | undefined {
    return this.#lastSuccess;
  }

  /** How old the served list is (ms since the last successful fetch); undefined before the first. */
  staleForMs(): number | undefined {
    return this.#lastSuccess === undefined ? undefined : this.#now() - this.#lastSuccess;
  }

  /** Registry index of the last answer. */
  get index(): number {
    return this.#index;
  }

  /** Resolves after the first successful fetch (at once if it already happened) or when `signal` aborts (rejects). */
  ready(signal?: AbortSignal): Promise<void> {
    if (this.#ready) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        this.#readyWaiters.delete(done);
        reject(signal?.reason);
      };
      this.#readyWaiters.add(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #apply(next: readonly Instance[]): void {
    const grace = this.options.emptyGraceMs ?? 10_000;
    if (next.length === 0 && this.#instances.length > 0 && grace > 0) {
      if (this.#emptySince === undefined) {
        this.#emptySince = this.#now();
        this.#emptyTimer = setTimeout(() => this.#commit([]), grace);
      }
      return;
    }
    this.#commit(next);
  }

  #commit(next: readonly Instance[]): void {
    clearTimeout(this.#emptyTimer);
    this.#emptyTimer = undefined;
    this.#emptySince = undefined;
    if (sameInstances(this.#instances, next)) {
      this.#instances = next;
      return;
    }
    this.#instances = next;
    this.emit('change', next);
  }

  async #run(): Promise<void> {
    const signal = this.#stop.signal;
    const schedule = new RetrySchedule(this.options.backoff);
    const waitMs = this.options.waitMs ?? 30_000;
    while (!signal.aborted) {
      const previous = this.#index;
      try {
        const blocking = previous > 0 ? { index: previous, waitMs } : {};
        const result = await this.client.listInstances(this.service, this.filter, {
          ...blocking,
          signal,
          maxRetries: 0,
        });
        if (signal.aborted) return;
        this.#lastSuccess = this.#now();
        schedule.reset();
        // An index that went backwards means a new registry (restart, failover): start over from its index.
        this.#index = result.index;
        this.#apply(result.instances);
        if (!this.#ready) {
          this.#ready = true;
          for (const waiter of this.#readyWaiters) waiter();
          this.#readyWaiters.clear();
        }
        if (result.index <= previous || result.index === 0) {
          if (!(await pause(this.options.idlePollMs ?? 1_000, signal))) return;
        }
      } catch (err) {
        if (signal.aborted) return;
        const error =
          err instanceof RegistryHttpError ? err : new RegistryUnreachableError(String(err), { cause: err });
        const delay = schedule.next();
        this.emit('error', error, delay);
        if (!(await pause(delay, signal))) return;
      }
    }
  }

  /** Stops the watch and any pending timer. Idempotent. */
  async close(): Promise<void> {
    if (this.#stop.signal.aborted) return this.#loop;
    this.#stop.abort();
    clearTimeout(this.#emptyTimer);
    await this.#loop;
    this.emit('closed');
  }
}
