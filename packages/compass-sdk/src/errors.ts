/** Base error of @compass/sdk: every failure carries a literal `code` and a brand checked by `isCompassError`. */

const BRAND = Symbol.for('@compass/sdk/CompassError');

/** Options common to every COMPASS error. */
export interface CompassErrorOptions {
  readonly cause?: unknown;
  /** Machine-readable details: the source file, line, field, op name... */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Base class of every error thrown by the engine. Each area defines subclasses with a literal `code`
 * (for example `'PARSE_BAD_COORDINATE'`). Check with {@link isCompassError} rather than `instanceof`,
 * which fails when ESM and CJS copies of the package are both loaded.
 */
export class CompassError extends Error {
  readonly [BRAND] = true;
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, options: CompassErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }

  /** Whether repeating the same call later may succeed. */
  get retryable(): boolean {
    return false;
  }
}

/** True when `e` is a {@link CompassError} from any copy of this package. */
export function isCompassError(e: unknown): e is CompassError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
