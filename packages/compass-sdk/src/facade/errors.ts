/** Errors of `createCompass`: no tier could serve, or the in-process engine could not be loaded. */
import { CompassError, type CompassErrorOptions } from '../errors.js';
import type { TierFallback } from './results.js';

const BRAND = Symbol.for('@compass/sdk/CompassFacadeError');

/** Base error of the `createCompass` facade; check with {@link isCompassFacadeError}. */
export class CompassFacadeError extends CompassError {
  readonly [BRAND] = true;
}

/** Every tier of the chain failed; `fallbacks` says why, tier by tier. */
export class CompassUnavailableError extends CompassFacadeError {
  declare readonly code: 'COMPASS_UNAVAILABLE';
  readonly fallbacks: readonly TierFallback[];
  constructor(fallbacks: readonly TierFallback[], options: CompassErrorOptions = {}) {
    super(
      'COMPASS_UNAVAILABLE',
      `no tier could serve the call: ${fallbacks.map((f) => `${f.tier} (${f.reason}: ${f.message})`).join('; ')}`,
      options,
    );
    this.fallbacks = fallbacks;
  }
}

/** The in-process engine is not configured or failed to load (for example no bundled model). */
export class CompassEngineUnavailableError extends CompassFacadeError {
  declare readonly code: 'COMPASS_ENGINE_UNAVAILABLE';
  constructor(message: string, options: CompassErrorOptions = {}) {
    super('COMPASS_ENGINE_UNAVAILABLE', message, options);
  }
}

/** The call needs a server (training, datasets, models) and none is configured. */
export class CompassNoServerError extends CompassFacadeError {
  declare readonly code: 'COMPASS_NO_SERVER';
  constructor(what: string) {
    super('COMPASS_NO_SERVER', `${what} needs a server: pass url, urls or registry to createCompass`);
  }
}

/** True when `e` is a {@link CompassFacadeError} from any copy of this package. */
export function isCompassFacadeError(e: unknown): e is CompassFacadeError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
