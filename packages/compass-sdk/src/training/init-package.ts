/** Warm start: the model package a run's `init` names, checked against the config, its parameters to start from. */
import { resolveHyperParams, type CompassHyperParams } from '../model/hyper-params.js';
import { isModelPackageError } from '../model-package/errors.js';
import { loadModelPackage, visnetHyperParams } from '../model-package/load.js';
import type { TensorMap } from '../runtime/host-tensor.js';
import type { TrainingConfig } from './config.js';
import { TrainingError } from './errors.js';

/** The package a run starts from, as its card records it. */
export interface InitPackage {
  readonly dir: string;
  readonly id: string;
  readonly name: string;
  /** The package's hyper-parameters: the run's model is built with these. */
  readonly hyperParams: CompassHyperParams;
  /** float32 parameters by name, the run's initial values. */
  readonly params: TensorMap;
}

const bad = (message: string, details: Record<string, unknown>, cause?: unknown): TrainingError =>
  new TrainingError('TRAINING_BAD_CONFIG', `training config init: ${message}`, {
    details: { field: 'init', ...details },
    ...(cause !== undefined ? { cause } : {}),
  });

/**
 * The hyper-parameters of a run: the mode's with the config's overrides, or, with `init`, the package's (which win
 * over the mode's defaults; an explicit override must agree with them).
 *
 * @throws {TrainingError} TRAINING_BAD_CONFIG naming `init` when an override conflicts with the package.
 */
export function runHyperParams(config: TrainingConfig, init: InitPackage | undefined): CompassHyperParams {
  if (!init) return resolveHyperParams(config.mode, config.hyperParams);
  const pkg = init.hyperParams as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(config.hyperParams as Record<string, unknown>))
    if (pkg[k] !== v)
      throw bad(
        `hyperParams.${k} is ${JSON.stringify(v)} but ${init.dir} was built with ${JSON.stringify(pkg[k])}; ` +
          'drop the override or train without init',
        { hyperParam: k, config: v, package: pkg[k] },
      );
  return init.hyperParams;
}

/**
 * Loads the package of `config.init` (none without it) and checks that it can start this run: a COMPASS ViSNet
 * package whose featuriser is this version's (the loader checks files, checksums and parameter shapes).
 *
 * @throws {TrainingError} TRAINING_BAD_CONFIG naming `init` (with `details.reason`, the package error's code) when
 *   the package is missing, damaged, of another architecture or featuriser.
 */
export async function loadInitPackage(config: TrainingConfig): Promise<InitPackage | undefined> {
  const dir = config.init;
  if (dir === undefined) return undefined;
  try {
    const pkg = await loadModelPackage(dir);
    const hyperParams = visnetHyperParams(pkg);
    return { dir, id: pkg.card.id, name: pkg.card.name, hyperParams, params: pkg.params };
  } catch (e) {
    if (!isModelPackageError(e)) throw e;
    throw bad(e.message, { dir, reason: e.code }, e);
  }
}
