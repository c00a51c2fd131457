/** Loads the in-process engine: the bundled COMPASS model through `loadDefaultPredictor`. */
import { loadDefaultPredictor } from '../predictor/default-predictor.js';
import { CompassEngineUnavailableError } from './errors.js';
import type { LocalPredictor } from './local-tier.js';

/**
 * The bundled model's predictor. A missing or broken bundled model becomes COMPASS_ENGINE_UNAVAILABLE, which the
 * facade reports as the reason `unavailable` before it falls back to the empirical scorer.
 */
export async function loadBundledEngine(): Promise<LocalPredictor> {
  try {
    return await loadDefaultPredictor();
  } catch (e) {
    throw new CompassEngineUnavailableError(
      `the bundled model could not be loaded: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
}
