/**
 * The model a training task starts from (`config.init`, an id or alias): checked when the task is created and
 * resolved to its package folder when it runs. A wrong one is a 422 VALIDATION_FAILED naming `config.init`.
 */
import { isAbsolute, resolve } from 'node:path';
import { ServerError } from '../errors.js';
import { type Model, type TaskArchitecture, type TaskConfig } from '../storage/records.js';
import { type Storage } from '../storage/storage.js';

/** The model-card architecture name (`card.architecture.name`) each task architecture starts from. */
export const INIT_CARD_ARCHITECTURE: Readonly<Record<TaskArchitecture, string>> = {
  'compass-visnet': 'visnet',
  gign: 'gign',
  'rf-score': 'rf-score',
};

/**
 * A task config whose referents are wrong (the body itself was well formed): VALIDATION_FAILED answered as 422,
 * with `details.issues` in the shape request validation uses (`path`, `message`).
 */
export class TaskConfigError extends ServerError {
  constructor(path: string, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super('VALIDATION_FAILED', `${path}: ${message}`, {
      details: { ...details, issues: [{ path, message }] },
    });
  }

  override get status(): number {
    return 422;
  }
}

/** The task's architecture (absent means the COMPASS ViSNet). */
export function taskArchitecture(config: Pick<TaskConfig, 'architecture'>): TaskArchitecture {
  return config.architecture ?? 'compass-visnet';
}

/**
 * Checks `config.init` against the store: `gign` needs one; the model must exist and hold the task's
 * architecture (a GIGN package for gign, an RF-Score forest for rf-score, a COMPASS ViSNet for compass-visnet).
 * Returns the model (undefined when the task starts from scratch).
 *
 * @throws {TaskConfigError} 422 VALIDATION_FAILED naming `config.init`.
 */
export async function checkTaskInit(
  storage: Pick<Storage, 'getModel'>,
  config: Pick<TaskConfig, 'architecture' | 'init'>,
): Promise<Model | undefined> {
  const arch = taskArchitecture(config);
  if (config.init === undefined) {
    if (arch === 'gign')
      throw new TaskConfigError(
        'config.init',
        'a gign task fine-tunes a registered GIGN model: name it (id or alias, e.g. "bundled")',
      );
    return undefined;
  }
  const model = await storage.getModel(config.init);
  if (!model)
    throw new TaskConfigError('config.init', `no registered model has the id or alias ${config.init}`, {
      init: config.init,
    });
  const card = model.card as { architecture?: { name?: unknown } };
  const has = typeof card.architecture?.name === 'string' ? card.architecture.name : 'unknown';
  const wanted = INIT_CARD_ARCHITECTURE[arch];
  if (has !== wanted)
    throw new TaskConfigError(
      'config.init',
      `model ${model.id} is a ${has} model; a ${arch} task starts from a ${wanted} model`,
      { init: config.init, architecture: has, expected: wanted },
    );
  return model;
}

/** The package folder of a stored model (absolute). */
export function modelPackageDir(model: Pick<Model, 'packagePath'>, dataDir: string): string {
  return isAbsolute(model.packagePath) ? model.packagePath : resolve(dataDir, model.packagePath);
}
