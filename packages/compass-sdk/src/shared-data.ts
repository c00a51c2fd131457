/** Where the real structure data lives: one setting (`COMPASS_DATA_DIR`) for tests, benchmarks and examples. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { moduleUrl } from './runtime/module-url.js';

// The repository root is the nearest folder above this module whose package.json declares workspaces. Walking up
// (rather than a fixed number of '..') holds from src/runtime (source condition) and from dist (the bundle);
// moduleUrl() rather than import.meta.url, which the CommonJS bundle leaves undefined.
function findRepoRoot(start: string): string {
  for (let dir = start; ;) {
    const manifest = resolve(dir, 'package.json');
    if (existsSync(manifest) && /"workspaces"\s*:/.test(readFileSync(manifest, 'utf8'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}
const repoRoot = findRepoRoot(dirname(fileURLToPath(moduleUrl())));

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
