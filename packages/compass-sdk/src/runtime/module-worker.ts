/**
 * The one way this project starts a worker thread: the built `.js` entry when there is one (shipped code), else the
 * `.ts` source behind a development-only loader file that the built package does not contain.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { RuntimeError } from './errors.js';
import { moduleUrl } from './module-url.js';

/** Where a worker's entry may be, relative to the URL of the module that starts it. */
export interface WorkerEntry {
  /** Built entries to try in order (`./session-worker.js` beside a bundle, `./runtime/session-worker.js`...). */
  readonly built: readonly string[];
  /** The TypeScript source, started only when no built entry exists (running from `src/`). */
  readonly source: string;
}

/**
 * The parent's Node flags minus `--input-type`, which a worker inherits by default but refuses for a file entry
 * (it is set when the caller's own script came from `node -e` or stdin).
 */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--input-type') i++;
    else if (!argv[i]!.startsWith('--input-type=')) out.push(argv[i]!);
  }
  return out;
}

/** The entry that {@link startModuleWorker} would start from `base`: a built `.js`, else the `.ts` source. */
export function resolveWorkerEntry(base: string, entry: WorkerEntry): { url: URL; built: boolean } {
  for (const candidate of entry.built) {
    const url = new URL(candidate, base);
    if (existsSync(fileURLToPath(url))) return { url, built: true };
  }
  return { url: new URL(entry.source, base), built: false };
}

/**
 * Starts a worker thread on `entry`, resolved against `base` (the starting module's URL, from `moduleUrl()`), with
 * the parent's Node flags less `--input-type`. A built entry starts as it is. A source entry (running from `src/`
 * under tsx or vitest) starts after `source-loader.mjs`, which sits beside this file in `src/` only and registers
 * tsx in the new thread, since Node 20 workers do not inherit the parent's loader; the built package has neither
 * the source entries nor that file, so shipped code never looks for tsx. Throws
 * `RuntimeError('RUNTIME_WORKER_FAILED')` when neither entry exists.
 *
 * @example
 * ```ts
 * const worker = startModuleWorker(moduleUrl(), {
 *   built: ['./session-worker.js', './runtime/session-worker.js'],
 *   source: './session-worker.ts',
 * });
 * ```
 */
export function startModuleWorker(base: string, entry: WorkerEntry, options: WorkerOptions = {}): Worker {
  const execArgv = options.execArgv ?? workerExecArgv();
  const found = resolveWorkerEntry(base, entry);
  if (found.built) return new Worker(found.url, { ...options, execArgv });
  const loader = new URL('./source-loader.mjs', moduleUrl());
  if (!existsSync(fileURLToPath(found.url)) || !existsSync(fileURLToPath(loader)))
    throw new RuntimeError(
      'RUNTIME_WORKER_FAILED',
      `the worker entry is not in this build (${entry.built[0]})`,
    );
  const boot = `import(${JSON.stringify(loader.href)}).then(() => import(${JSON.stringify(found.url.href)}));`;
  return new Worker(boot, { ...options, execArgv, eval: true });
}
