/** A registration kept alive in the background: register with retries, heartbeat, re-register, deregister on close. */
import { EventEmitter } from 'eventemitter3';
import { type Instance, type RegistrationInput } from '../instance/types.js';
import { isRegistryError } from '../errors.js';
import type { BackoffOptions } from '../retry/index.js';
import { pause, RetrySchedule } from './backoff.js';
import { RegistryHttpError, RegistryUnreachableError } from './errors.js';
import { type RegistryClient } from './registry-client.js';

/** Where a registration stands. */
export type RegistrationState = 'registering' | 'registered' | 'retrying' | 'failed' | 'closed';

/** Why the client (re-)registered. */
export type RegisterReason = 'initial' | 'not-found' | 'recovered';

/**
 * Events of a {@link Registration}:
 * - `registered(instance, reason)`: the registry holds the instance (first time, after a wipe, after an outage);
 * - `heartbeat(instance)`: a TTL pass (or presence check) succeeded;
 * - `error(error, retryInMs)`: a call failed; `retryInMs` is undefined when the registration gave up (`failed`);
 * - `state(state)`: the state changed;
 * - `deregistered(id)`: removed from the registry by `close()`;
 * - `closed()`: stopped for good.
 */
export interface RegistrationEvents {
  registered: [instance: Instance, reason: RegisterReason];
  heartbeat: [instance: Instance];
  error: [error: RegistryHttpError, retryInMs: number | undefined];
  state: [state: RegistrationState];
  deregistered: [id: string];
  closed: [];
}

/** Options of `RegistryClient.register`. */
export interface RegistrationOptions {
  /** Heartbeat period as a fraction of the TTL (default 1/3, so two heartbeats may be lost before expiry). */
  readonly heartbeatFraction?: number;
  /**
   * Share of each heartbeat period taken off at random (default 0.1: each period is 90-100 % of the nominal
   * one), so instances started together do not heartbeat in lockstep. Only ever shortens the period, so the
   * TTL margin set by `heartbeatFraction` holds. 0 disables it.
   */
  readonly heartbeatJitter?: number;
  /** Without a TTL check: how often to check the instance is still registered (default 30 s). */
  readonly refreshIntervalMs?: number;
  /** Deregister and exit on these signals (`true`: SIGTERM and SIGINT). */
  readonly deregisterOnSignals?: boolean | readonly NodeJS.Signals[];
  /** Longest time `close()` spends deregistering (default 3 s). */
  readonly closeTimeoutMs?: number;
  /** Delays between failed attempts. */
  readonly backoff?: BackoffOptions;
  /** Aborting it closes the registration (and deregisters), like `close()`. */
  readonly signal?: AbortSignal;
}

/** Statuses that mean the input itself is wrong: repeating cannot help. */
const GIVE_UP = new Set([400, 413, 415, 422]);

const toHttpError = (err: unknown): RegistryHttpError =>
  err instanceof RegistryHttpError
    ? err
    : new RegistryUnreachableError(isRegistryError(err) ? err.message : String(err), { cause: err });

/**
 * The wait before the next heartbeat (TTL check) or presence check (no TTL): the nominal period less a random
 * share of at most `heartbeatJitter`. `random` is injectable for tests.
 */
export function heartbeatDelayMs(
  input: Pick<RegistrationInput, 'check'>,
  options: Pick<RegistrationOptions, 'heartbeatFraction' | 'heartbeatJitter' | 'refreshIntervalMs'> = {},
  random: () => number = Math.random,
): number {
  const check = input.check;
  const nominal =
    check?.type === 'ttl'
      ? check.ttlMs * (options.heartbeatFraction ?? 1 / 3)
      : (options.refreshIntervalMs ?? 30_000);
  const jitter = Math.min(Math.max(options.heartbeatJitter ?? 0.1, 0), 1);
  return Math.max(1, Math.floor(nominal * (1 - jitter * random())));
}

/**
 * A background registration. Created by `RegistryClient.register`, it never throws to the caller: failures are
 * `error` events and the loop retries with backoff and jitter. `close()` deregisters.
 */
export class Registration extends EventEmitter<RegistrationEvents> {
  #state: RegistrationState = 'registering';
  #instance: Instance | undefined;
  readonly #stop = new AbortController();
  readonly #loop: Promise<void>;
  readonly #signals: readonly NodeJS.Signals[];
  readonly #onSignal = (signal: NodeJS.Signals) => this.#handleSignal(signal);
  #closing: Promise<void> | undefined;

  constructor(
    private readonly client: RegistryClient,
    private readonly input: RegistrationInput,
    private readonly options: RegistrationOptions = {},
  ) {
    super();
    const signals = options.deregisterOnSignals;
    this.#signals = signals === true ? ['SIGTERM', 'SIGINT'] : signals ? signals : [];
    for (const signal of this.#signals) process.on(signal, this.#onSignal);
    if (options.signal?.aborted) void this.close();
    else options.signal?.addEventListener('abort', () => void this.close(), { once: true });
    // Started on the next tick so listeners attached right after `register()` see every event.
    this.#loop = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#run());
  }

  /** Current state. */
  get state(): RegistrationState {
    return this.#state;
  }

  /** The instance as last returned by the registry (undefined until first registered). */
  get instance(): Instance | undefined {
    return this.#instance;
  }

  /** Resolves with the instance once registered; rejects if the registration fails for good, closes or `signal` aborts. */
  whenRegistered(signal?: AbortSignal): Promise<Instance> {
    if (this.#instance && this.#state === 'registered') return Promise.resolve(this.#instance);
    if (this.#state === 'failed' || this.#state === 'closed')
      return Promise.reject(new Error(`registration ${this.#state}`));
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        this.off('registered', onRegistered);
        this.off('state', onState);
        signal?.removeEventListener('abort', onAbort);
      };
      const onRegistered = (instance: Instance) => {
        cleanup();
        resolve(instance);
      };
      const onState = (state: RegistrationState) => {
        if (state !== 'failed' && state !== 'closed') return;
        cleanup();
        reject(new Error(`registration ${state}`));
      };
      const onAbort = () => {
        cleanup();
        reject(signal?.reason);
      };
      this.on('registered', onRegistered);
      this.on('state', onState);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #setState(state: RegistrationState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('state', state);
  }

  #intervalMs(): number {
    return heartbeatDelayMs(this.input, this.options);
  }

  async #run(): Promise<void> {
    const signal = this.#stop.signal;
    const schedule = new RetrySchedule(this.options.backoff);
    const call = { signal, maxRetries: 0 };
    let reason: RegisterReason | undefined = 'initial';
    while (!signal.aborted) {
      try {
        if (reason !== undefined || !this.#instance) {
          this.#instance = await this.client.putInstance(this.input, call);
          this.#setState('registered');
          this.emit('registered', this.#instance, reason ?? 'initial');
          reason = undefined;
        } else {
          const id = this.#instance.id;
          this.#instance =
            this.input.check?.type === 'ttl'
              ? await this.client.reportTtl(id, 'pass', undefined, call)
              : await this.client.getInstance(id, call);
          this.emit('heartbeat', this.#instance);
        }
        schedule.reset();
        if (!(await pause(this.#intervalMs(), signal))) return;
      } catch (err) {
        if (signal.aborted) return;
        const error = toHttpError(err);
        if (error.status === 404 && reason === undefined) {
          // The registry no longer knows us (wiped or restarted without its data): register again at once.
          reason = 'not-found';
          continue;
        }
        if (error.status !== undefined && GIVE_UP.has(error.status)) {
          this.emit('error', error, undefined);
          this.#setState('failed');
          return;
        }
        // After any failure the next success is a full registration, so a registry that came back is repopulated.
        if (reason === undefined) reason = 'recovered';
        const delay = schedule.next();
        this.#setState('retrying');
        this.emit('error', error, delay);
        if (!(await pause(delay, signal))) return;
      }
    }
  }

  /**
   * Stops heartbeats and deregisters (at most `closeTimeoutMs`); never rejects. Idempotent.
   * `deregister: false` leaves the entry to expire by its TTL (a hand-over to a replacement with the same id).
   */
  close(options: { deregister?: boolean } = {}): Promise<void> {
    this.#closing ??= (async () => {
      for (const signal of this.#signals) process.off(signal, this.#onSignal);
      this.#stop.abort();
      await this.#loop;
      const id = this.#instance?.id ?? this.input.id;
      if (id !== undefined && options.deregister !== false) {
        try {
          await this.client.deleteInstance(id, {
            signal: AbortSignal.timeout(this.options.closeTimeoutMs ?? 3_000),
            maxRetries: 1,
          });
          this.emit('deregistered', id);
        } catch (err) {
          const error = toHttpError(err);
          if (error.status === 404) this.emit('deregistered', id);
          else this.emit('error', error, undefined);
        }
      }
      this.#setState('closed');
      this.emit('closed');
    })();
    return this.#closing;
  }

  #handleSignal(signal: NodeJS.Signals): void {
    void this.close().finally(() => {
      // Re-raise so the default behaviour (exit) happens when nobody else handles the signal.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}
