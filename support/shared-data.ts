/**
 * Where the real structure data lives, for this repository's tests, benchmarks and examples (not part of any
 * package's public surface): one setting, `COMPASS_DATA_DIR`, else `../shared/data` beside the repository.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this module lives in `<root>/support/`. */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The shared data folder: `$COMPASS_DATA_DIR`, else `../shared/data` beside the repository. */
export function sharedDataDir(): string {
  return process.env.COMPASS_DATA_DIR
    ? resolve(process.env.COMPASS_DATA_DIR)
    : resolve(repoRoot, '../shared/data');
}

/**
 * Whether the shared data is present. Outside CI, a missing folder means "skip, and say why";
 * in CI (`CI` set) it is an error, so data-dependent tests can never silently vanish there.
 */
export function sharedDataAvailable(): boolean {
  const dir = sharedDataDir();
  if (existsSync(resolve(dir, 'README.md'))) return true;
  if (process.env.CI)
    throw new Error(`shared data not found at ${dir} (set COMPASS_DATA_DIR); CI requires it`);
  console.warn(`skipping tests that need the shared data: ${dir} not found (set COMPASS_DATA_DIR)`);
  return false;
}
