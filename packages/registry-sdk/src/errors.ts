/** Base error of @compass/registry-sdk: every failure carries a literal `code` and a brand checked by `isRegistryError`. */

const BRAND = Symbol.for('@compass/registry-sdk/RegistryError');

/** Options common to every registry error. */
export interface RegistryErrorOptions {
  readonly cause?: unknown;
  /** Extra machine-readable details (the field at fault, the instance id...). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Base class of every error thrown by this package. Subclasses set a literal `code`.
 * Check with {@link isRegistryError} rather than `instanceof`, which fails across ESM/CJS copies.
 */
export class RegistryError extends Error {
  readonly [BRAND] = true;
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, options: RegistryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }

  /** Whether repeating the same call later may succeed (network failures, 5xx, 429). */
  get retryable(): boolean {
    return false;
  }
}

/** True when `e` is a {@link RegistryError} from any copy of this package. */
export function isRegistryError(e: unknown): e is RegistryError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

/** True when `e` is a registry error whose call may succeed if repeated. */
export function isRetryable(e: unknown): boolean {
  return isRegistryError(e) && e.retryable;
}
