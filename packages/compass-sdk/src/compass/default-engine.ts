/** Loads the in-process engine: the bundled COMPASS model through `loadDefaultPredictor` when the SDK has it. */
import { CompassEngineUnavailableError } from './errors.js';
import type { LocalPredictor } from './local-tier.js';

/**
 * The bundled model's predictor. Looked up on the package surface at call time, so this module loads (and the
 * facade falls back to the empirical scorer with a clear reason) even where the model is missing.
 */
export async function loadBundledEngine(): Promise<LocalPredictor> {
  const sdk = (await import('../index.js')) as Record<string, unknown>;
  const load = sdk['loadDefaultPredictor'] as (() => Promise<LocalPredictor>) | undefined;
  if (typeof load !== 'function')
    throw new CompassEngineUnavailableError('this build of @compass/sdk has no loadDefaultPredictor');
  try {
    return await load();
  } catch (e) {
    throw new CompassEngineUnavailableError(
      `the bundled model could not be loaded: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
}
