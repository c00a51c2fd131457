/** The embeddable registry: registrations, health, maintenance, queries, blocking queries and watches over a store. */
import { EventEmitter } from 'eventemitter3';
import { CheckScheduler } from '../checks/check-scheduler.js';
import { HealthCounter, type Health } from '../checks/health-counter.js';
import { runHttpCheck, type CheckOutcome } from '../checks/http-check.js';
import { sweepAction } from '../checks/ttl.js';
import { isRegistryError } from '../errors.js';
import { MemoryStore } from '../stores/memory-store.js';
import { type RegistryStore } from '../stores/store.js';
import { BlockingWaiters } from './blocking-waiters.js';
import { StoreError } from '../stores/errors.js';
import { InstanceNotFoundError } from './errors.js';
import { FeedFollower } from './feed-follower.js';
import { deriveInstanceId } from './instance-id.js';
import { compact, healthOf, withHealth } from './instance-health.js';
import { InstanceView } from './instance-view.js';
import { sameInstances, significantKey } from './query-match.js';
import { parseRegistration, registeredInstance } from './registration.js';
import { type BlockingQueryOptions, type RegistryEvents, type RegistryOptions } from './registry-options.js';
import {
  type HttpCheckSpec,
  type Instance,
  type InstanceQuery,
  type QueryResult,
  type RegistrationInput,
} from '../instance/types.js';
export type { BlockingQueryOptions, RegistryEvents, RegistryOptions };

const DEFAULT_WAIT_MS = 5 * 60_000;

/**
 * A service registry that runs inside your process. Writes go to the store first, then to an in-memory view that
 * answers queries; stores shared by several nodes (etcd) feed other nodes' changes into that view.
 *
 * Emits (eventemitter3) `change` (a `RegistryChange`) and `error` (background sweep, check or store failures).
 *
 * @example
 * ```ts
 * const registry = await Registry.open({ store: new SqliteStore({ path: 'registry.db' }) });
 * await registry.register({ service: 'compass', address: '10.0.0.5', port: 8080, check: { type: 'ttl', ttlMs: 10_000 } });
 * const { instances } = await registry.instances({ service: 'compass' });
 * ```
 */
export class Registry extends EventEmitter<RegistryEvents> {
  readonly #store: RegistryStore;
  readonly #now: () => number;
  readonly #sweepIntervalMs: number;
  readonly #fetch: typeof fetch;
  readonly #view: InstanceView;
  readonly #waiters = new BlockingWaiters();
  readonly #checks: CheckScheduler;
  #queue: Promise<unknown> = Promise.resolve();
  #started: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  #sweepTimer: ReturnType<typeof setInterval> | undefined;
  #sweeping: Promise<void> | undefined;
  readonly #feed: FeedFollower;

  constructor(options: RegistryOptions = {}) {
    super();
    this.#store = options.store ?? new MemoryStore();
    this.#view = new InstanceView(this.#store.watch !== undefined);
    this.#now = options.now ?? Date.now;
    this.#sweepIntervalMs = options.sweepIntervalMs ?? 1000;
    this.#feed = new FeedFollower(
      this.#store,
      {
        view: this.#view,
        apply: (id, next, index) => this.#apply(id, next, index),
        serial: (fn) => this.#serial(fn),
        fail: (err) => this.#fail(err),
      },
      options.feedRetryMs ?? 1000,
    );
    this.#fetch = options.fetch ?? ((...args) => fetch(...args));
    this.#checks = new CheckScheduler(this.#fetch, (id, spec, outcome, counter) => {
      this.#serial(() => this.#applyCheck(id, spec, outcome, counter)).catch((err) => this.#fail(err));
    });
  }

  /** Opens a registry: loads the store, follows its change feed, starts sweeps and HTTP checks. */
  static async open(options: RegistryOptions = {}): Promise<Registry> {
    const registry = new Registry(options);
    await registry.#ready();
    return registry;
  }

  /** The current monotonic index: it grows with every write, heartbeats included. */
  get index(): number {
    return this.#view.index;
  }

  /**
   * Registers an instance, or replaces the one with the same id (given, or derived from service, address and
   * port or url), keeping its `registeredAt` and maintenance flag. An HTTP check runs once before the instance is
   * stored, so an instance whose first check passes is discoverable as soon as this resolves.
   *
   * @throws InvalidRegistrationError when the input fails validation.
   */
  async register(input: RegistrationInput): Promise<Instance> {
    await this.#ready();
    const data = parseRegistration(input);
    const id = data.id ?? deriveInstanceId(data);
    const check = data.check;
    const initial: Health | undefined = data.status === 'maintenance' ? undefined : data.status;
    let health: Health = initial ?? 'passing';
    let note: string | undefined;
    let counter: HealthCounter | undefined;
    if (check?.type === 'http') {
      counter = new HealthCounter(check);
      const outcome = await runHttpCheck(check, this.#fetch);
      health = counter.next(initial ?? 'critical', outcome.result);
      note = outcome.note;
    }
    return this.#serial(async () => {
      const prev = this.#view.get(id);
      const now = this.#now();
      const instance = registeredInstance(data, { id, health, note, prev, now });
      await this.#write(id, instance);
      if (check?.type === 'http' && counter) this.#checks.start(id, check, counter);
      return instance;
    });
  }

  /** Removes an instance; `false` when there was none with this id. */
  async deregister(id: string): Promise<boolean> {
    await this.#ready();
    return this.#serial(() => this.#write(id, undefined));
  }

  /** The instance with this id, if registered. */
  async get(id: string): Promise<Instance | undefined> {
    await this.#ready();
    return this.#view.get(id);
  }

  /**
   * A TTL report from the instance itself: `pass`, `warn` or `fail` with an optional note. It refreshes
   * `lastHeartbeatAt`, the only thing that keeps a TTL check from expiring.
   *
   * @throws InstanceNotFoundError when no instance has this id (the instance should register again).
   */
  async ttlUpdate(id: string, result: 'pass' | 'warn' | 'fail', note?: string): Promise<Instance> {
    await this.#ready();
    return this.#serial(async () => {
      const prev = this.#require(id);
      const now = this.#now();
      const health: Health = result === 'pass' ? 'passing' : result === 'warn' ? 'warning' : 'critical';
      const instance = { ...withHealth(prev, health, now, note), lastHeartbeatAt: now };
      await this.#write(id, instance);
      return instance;
    });
  }

  /**
   * Puts an instance in maintenance (draining: `status` becomes `maintenance`, default queries skip it, its checks
   * keep running underneath) or takes it out.
   *
   * @throws InstanceNotFoundError when no instance has this id.
   */
  async setMaintenance(id: string, enabled: boolean, reason?: string): Promise<Instance> {
    await this.#ready();
    return this.#serial(async () => {
      const prev = this.#require(id);
      const instance: Instance = compact({
        ...prev,
        draining: enabled,
        status: enabled ? 'maintenance' : healthOf(prev),
        health: healthOf(prev),
        maintenanceReason: enabled ? reason : undefined,
      });
      if (significantKey(instance) === significantKey(prev)) return prev;
      await this.#write(id, instance);
      return instance;
    });
  }

  /** Every service with its number of instances and of passing, non-draining ones, sorted by name. */
  async services(): Promise<Array<{ service: string; instances: number; passing: number }>> {
    await this.#ready();
    return this.#view.services();
  }

  /** The instances matching `query` now, sorted by id, with the index of the service's last change. */
  async instances(query: InstanceQuery): Promise<QueryResult> {
    await this.#ready();
    return this.#view.result(query);
  }

  /**
   * Blocking query. Without `index`, answers at once. With it, answers at once when the result has changed since
   * that index (or the index is from the future, e.g. from before a registry wipe); otherwise waits until the
   * result changes or `waitMs` passes, then answers with the current result. Heartbeats alone never wake it.
   */
  async query(query: InstanceQuery, opts: BlockingQueryOptions = {}): Promise<QueryResult> {
    await this.#ready();
    const { index } = opts;
    if (index === undefined || this.#closing || this.#view.changedSince(query, index)) {
      return this.#view.result(query);
    }
    await this.#waiters.wait(query, index, opts.waitMs ?? DEFAULT_WAIT_MS, opts.signal);
    return this.#view.result(query);
  }

  /**
   * Yields the current result of `query`, then each changed result (never the same result twice in a row).
   * Ends when `signal` aborts or the registry closes.
   */
  async *watch(
    query: InstanceQuery,
    opts: { signal?: AbortSignal } = {},
  ): AsyncIterableIterator<QueryResult> {
    let last = await this.instances(query);
    yield last;
    while (!this.#closing && !opts.signal?.aborted) {
      let next: QueryResult;
      try {
        next = await this.query(query, { index: last.index, waitMs: 60_000, signal: opts.signal });
      } catch (err) {
        if (opts.signal?.aborted) return;
        throw err;
      }
      if (this.#closing) return;
      const changed = !sameInstances(next.instances, last.instances);
      last = next;
      if (changed) yield next;
    }
  }

  /**
   * Runs one sweep now: TTL instances silent past their TTL become critical, instances critical for their
   * `deregisterCriticalAfterMs` are removed. The sweep never touches `lastHeartbeatAt`. Runs on a timer anyway.
   */
  async sweep(): Promise<void> {
    await this.#ready();
    this.#sweeping ??= this.#sweepOnce().finally(() => (this.#sweeping = undefined));
    return this.#sweeping;
  }

  /** Stops sweeps, checks and the change feed, answers pending blocking queries, ends watches, closes the store. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#sweepTimer) clearInterval(this.#sweepTimer);
      this.#checks.stopAll();
      this.#waiters.wakeAll();
      await this.#started?.catch(() => undefined);
      if (this.#sweepTimer) clearInterval(this.#sweepTimer);
      this.#checks.stopAll();
      await this.#queue.catch(() => undefined);
      await this.#feed.stop();
      await this.#queue.catch(() => undefined);
      await this.#store.close();
    })();
    return this.#closing;
  }

  #ready(): Promise<void> {
    if (this.#closing) return Promise.reject(new StoreError('the registry is closed'));
    this.#started ??= this.#start().catch((err) => {
      this.#started = undefined;
      throw this.#storeError(err);
    });
    return this.#started;
  }

  async #start(): Promise<void> {
    const snapshot = await this.#store.load();
    this.#view.load(snapshot);
    await this.#feed.follow(snapshot.index);
    if (this.#closing) return;
    for (const instance of this.#view.values()) this.#syncCheck(instance.id, instance, 0);
    this.#sweepTimer = setInterval(() => {
      this.sweep().catch((err) => this.#fail(err));
    }, this.#sweepIntervalMs);
  }

  async #sweepOnce(): Promise<void> {
    const now = this.#now();
    const due = [...this.#view.values()].filter((instance) => sweepAction(instance, now) !== undefined);
    await Promise.all(
      due.map((candidate) =>
        this.#serial(async () => {
          const current = this.#view.get(candidate.id);
          if (!current) return;
          const at = this.#now();
          const action = sweepAction(current, at);
          if (action === 'deregister') await this.#write(current.id, undefined, true);
          if (action === 'expire' && current.check?.type === 'ttl') {
            const note = `TTL of ${current.check.ttlMs} ms expired`;
            await this.#write(current.id, withHealth(current, 'critical', at, note), true);
          }
        }).catch((err) => this.#fail(err)),
      ),
    );
  }

  async #applyCheck(
    id: string,
    spec: HttpCheckSpec,
    outcome: CheckOutcome,
    counter: HealthCounter,
  ): Promise<void> {
    const current = this.#view.get(id);
    if (!current || JSON.stringify(current.check) !== JSON.stringify(spec)) return;
    const health = counter.next(healthOf(current), outcome.result);
    if (health === healthOf(current) && outcome.note === current.note) return;
    await this.#write(id, withHealth(current, health, this.#now(), outcome.note), true);
  }

  /**
   * Writes to the store, then applies the write to the in-memory view. False when deleting an unknown id, or
   * when a `background` write (sweep, check result) lost to a fresher write by another node.
   */
  async #write(id: string, next: Instance | undefined, background = false): Promise<boolean> {
    let index: number | undefined;
    const store = this.#store;
    const modIndex = this.#view.revisionOf(id);
    try {
      if (background && store.writeIfUnchanged && modIndex !== undefined) {
        index = await store.writeIfUnchanged(id, next, modIndex);
      } else {
        index = next ? await store.put(next) : await store.delete(id);
      }
    } catch (err) {
      throw this.#storeError(err);
    }
    if (index === undefined) return false;
    this.#apply(id, next, index);
    return true;
  }

  #apply(id: string, next: Instance | undefined, index: number): void {
    const prev = this.#view.get(id);
    const change = this.#view.apply(id, next, index);
    this.#syncCheck(id, next);
    if (!change) return;
    const services = new Set([prev?.service, next?.service].filter((s): s is string => s !== undefined));
    this.#waiters.notify(services, (query, since) => this.#view.changedSince(query, since));
    this.emit('change', change);
  }

  /** Keeps the HTTP check schedule in line with the instance's check spec. */
  #syncCheck(id: string, instance: Instance | undefined, firstDelayMs?: number): void {
    const check = instance?.check;
    if (check?.type !== 'http') {
      this.#checks.stop(id);
      return;
    }
    if (this.#closing) return;
    if (JSON.stringify(this.#checks.specOf(id)) === JSON.stringify(check)) return;
    this.#checks.start(id, check, new HealthCounter(check), firstDelayMs);
  }

  #require(id: string): Instance {
    const instance = this.#view.get(id);
    if (!instance) throw new InstanceNotFoundError(id);
    return instance;
  }

  /** Serialises writes so the in-memory view always follows the store's order. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(fn);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #storeError(err: unknown): Error {
    if (isRegistryError(err)) return err;
    return new StoreError(`${this.#store.kind} store: ${(err as Error)?.message ?? String(err)}`, {
      cause: err,
    });
  }

  #fail(err: unknown): void {
    this.emit('error', err instanceof Error ? err : new Error(String(err)));
  }
}
