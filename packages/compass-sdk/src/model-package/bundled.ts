/** Where the bundled models live: `models/<name>` in the @compass/sdk package (`default` the default), from src or dist. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { moduleUrl } from '../runtime/module-url.js';

let cached: string | undefined;

/** The @compass/sdk package root: the nearest folder above this module whose package.json names it. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(moduleUrl()));
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === '@compass/sdk') return dir;
      } catch {
        // an unreadable package.json is not ours; keep climbing
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the @compass/sdk package root');
    dir = up;
  }
}

/**
 * Folder of the bundled default model (`<package>/models/default`). It works from the sources (tests, tsx) and
 * from the built dist (ESM and CJS), because both sit below the package root. The folder may be absent in a
 * development checkout before the model is trained; {@link loadModelPackage} then fails with
 * MODEL_PACKAGE_NOT_FOUND.
 *
 * @example
 * const predictor = await CompassPredictor.load(bundledModelDir());
 */
export function bundledModelDir(): string {
  cached ??= join(packageRoot(), 'models', 'default');
  return cached;
}

/** A model package shipped inside @compass/sdk. */
export interface BundledModel {
  /** Folder name under `models/` (`default`, `compass-visnet`, ...). */
  readonly name: string;
  readonly dir: string;
}

/**
 * Every bundled model package (folders of `<package>/models` holding a `model.json`), the default first. The
 * default is the GIGN ensemble; the others (the COMPASS ViSNet demo, RF-Score when present) are listed beside it.
 *
 * @example
 * for (const m of bundledModels()) console.log(m.name, m.dir);
 */
export function bundledModels(): BundledModel[] {
  const root = dirname(bundledModelDir());
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => !n.startsWith('.') && existsSync(join(root, n, 'model.json')));
  } catch {
    return [];
  }
  names.sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
  return names.map((name) => ({ name, dir: join(root, name) }));
}
