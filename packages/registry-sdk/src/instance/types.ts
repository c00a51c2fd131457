/** Registry data model: instances, their health checks, queries and the change events a watch delivers. */

/** Health of one instance. Only `passing` instances are returned by default queries. */
export type InstanceStatus = 'passing' | 'warning' | 'critical' | 'maintenance';

/** A TTL check: the instance itself reports pass/warn/fail; silence past `ttlMs` makes it critical. */
export interface TtlCheckSpec {
  readonly type: 'ttl';
  readonly ttlMs: number;
  /** Remove the instance after it has been critical this long (optional). */
  readonly deregisterCriticalAfterMs?: number;
}

/** An active HTTP check run by the registry: 2xx passes, 429 warns, anything else (or a timeout) fails. */
export interface HttpCheckSpec {
  readonly type: 'http';
  readonly url: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Consecutive successes needed to go from critical to passing (default 1). */
  readonly successBeforePassing?: number;
  /** Consecutive failures needed to go from passing to critical (default 1). */
  readonly failuresBeforeCritical?: number;
  readonly deregisterCriticalAfterMs?: number;
}

export type CheckSpec = TtlCheckSpec | HttpCheckSpec;

/** What a caller sends to register (or re-register) an instance. */
export interface RegistrationInput {
  /** Omitted: derived from service + address + port (or url) so a restarted instance replaces its old entry. */
  readonly id?: string;
  readonly service: string;
  readonly address: string;
  readonly port?: number;
  readonly url?: string;
  readonly tags?: readonly string[];
  readonly metadata?: Readonly<Record<string, string>>;
  /** Relative weight for weighted load balancing (default 1). */
  readonly weight?: number;
  readonly version?: string;
  readonly check?: CheckSpec;
  /** Initial status; default `passing` for instances without a check or with a TTL check (discoverable at once). */
  readonly status?: InstanceStatus;
}

/** A registered instance as stored and returned by queries. Timestamps are epoch milliseconds. */
export interface Instance {
  readonly id: string;
  readonly service: string;
  readonly address: string;
  readonly port?: number;
  readonly url?: string;
  readonly tags: readonly string[];
  readonly metadata: Readonly<Record<string, string>>;
  readonly weight: number;
  readonly version?: string;
  readonly status: InstanceStatus;
  /** True while the instance is draining: clients send it no new work. */
  readonly draining: boolean;
  readonly check?: CheckSpec;
  readonly registeredAt: number;
  readonly lastHeartbeatAt: number;
  /** When the instance last became critical (used by deregisterCriticalAfter). */
  readonly criticalSince?: number;
  /** Note from the last check or TTL report. */
  readonly note?: string;
  /**
   * Health from the checks alone, ignoring maintenance: equals `status` unless the instance is draining
   * (then `status` is `maintenance` and this keeps what the checks say). Always set by the core.
   */
  readonly health?: Exclude<InstanceStatus, 'maintenance'>;
  /** Why the instance was put in maintenance (set while draining). */
  readonly maintenanceReason?: string;
}

/** Filters for listing a service's instances. */
export interface InstanceQuery {
  readonly service: string;
  /** Default true: only passing, non-draining instances. */
  readonly passingOnly?: boolean;
  /** Every tag listed must be present. */
  readonly tags?: readonly string[];
  /** Every key listed must have exactly this value. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** One change to the registry; `index` is the monotonic index after the change. */
export type RegistryChange =
  | { readonly type: 'registered' | 'updated'; readonly index: number; readonly instance: Instance }
  | { readonly type: 'deregistered'; readonly index: number; readonly instance: Instance };

/** Result of a (blocking) query: the matching instances and the index they reflect. */
export interface QueryResult {
  readonly index: number;
  readonly instances: readonly Instance[];
}

/**
 * A live list of instances of one service: what a discovery cache or a watch exposes and what the balancer
 * consumes. `subscribe` calls the listener on every change (not immediately) and returns an unsubscribe function.
 */
export interface InstanceSource {
  current(): readonly Instance[];
  subscribe(listener: (instances: readonly Instance[]) => void): () => void;
}
