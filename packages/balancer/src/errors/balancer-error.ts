/** The package's one base error: a literal `code`, a brand that survives ESM/CJS duplication, and `retryable`. */

const BRAND = Symbol.for('@compass/balancer/BalancerError');

/** Every code a {@link BalancerError} can carry. `docs` and tests enumerate this list. */
export const BALANCER_ERROR_CODES = [
  'NO_ENDPOINT',
  'CONNECTION_REFUSED',
  'CONNECTION_RESET',
  'TIMEOUT',
  'HTTP_STATUS',
  'TRANSPORT',
  'CIRCUIT_OPEN',
  'BULKHEAD_REJECTED',
  'DEADLINE_EXCEEDED',
  'ABORTED',
  'FALLBACK_EXHAUSTED',
] as const;

/** A literal error code of this package. */
export type BalancerErrorCode = (typeof BALANCER_ERROR_CODES)[number];

/** Options shared by every {@link BalancerError} subclass. */
export interface BalancerErrorOptions {
  readonly cause?: unknown;
  /** Set when this failure is what opened the endpoint's circuit breaker (the failure is surfaced, not "circuit open"). */
  readonly circuitOpen?: boolean;
}

/**
 * Base class of every error thrown by @compass/balancer. Use {@link isBalancerError} rather than `instanceof`,
 * which fails when ESM and CJS copies of the package are both loaded.
 */
export abstract class BalancerError extends Error {
  /** Literal code naming the failure kind. */
  abstract readonly code: BalancerErrorCode;
  /** Whether repeating the operation (on another endpoint, later) may succeed. A property of the class. */
  abstract readonly retryable: boolean;
  /** True when this failure opened, or met, an open circuit breaker on every endpoint. */
  readonly circuitOpen: boolean;
  /** Brand checked by {@link isBalancerError}. */
  readonly [BRAND] = true;

  constructor(message: string, options: BalancerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.circuitOpen = options.circuitOpen ?? false;
  }
}

/** True when `e` is a {@link BalancerError} from any copy of this package. */
export function isBalancerError(e: unknown): e is BalancerError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

/** The one retry predicate used by every policy: retryable balancer errors only. */
export function isRetryable(e: unknown): boolean {
  return isBalancerError(e) && e.retryable;
}
