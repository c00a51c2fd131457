/** The bundled default model as a predictor, with a typed error when the package does not carry one. */
import { bundledModelDir } from '../model-package/bundled.js';
import { isModelPackageError } from '../model-package/errors.js';
import { CompassPredictor, type CompassPredictorOptions } from './compass-predictor.js';
import { PredictorError } from './errors.js';

/** Options of {@link loadDefaultPredictor}. */
export interface DefaultPredictorOptions extends CompassPredictorOptions {
  /** Where the bundled package lies (default `bundledModelDir()`; set it when the package files were relocated). */
  readonly bundledDir?: string;
}

/**
 * Load the bundled default model (`bundledModelDir()`, or `opts.bundledDir`).
 *
 * @example
 * const predictor = await loadDefaultPredictor().catch((e) => (isPredictorError(e) ? new VinaPredictor() : Promise.reject(e)));
 * @throws {PredictorError} PREDICTOR_NO_DEFAULT_MODEL when the folder is missing or invalid (the cause says why),
 *   so a caller can fall back to another predictor such as `VinaPredictor`.
 */
export async function loadDefaultPredictor(opts: DefaultPredictorOptions = {}): Promise<CompassPredictor> {
  const { bundledDir, ...predictorOptions } = opts;
  const dir = bundledDir ?? bundledModelDir();
  try {
    return await CompassPredictor.load(dir, predictorOptions);
  } catch (e) {
    if (!isModelPackageError(e)) throw e;
    throw new PredictorError(
      'PREDICTOR_NO_DEFAULT_MODEL',
      `no usable bundled model at ${dir}: ${e.message}`,
      {
        cause: e,
        details: { dir, reason: e.code },
      },
    );
  }
}
