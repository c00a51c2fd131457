/** Starts one job thread: the built entry beside this module, or the `.ts` source under tsx when run from source. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { moduleUrl } from './module-url.js';

/** A new worker thread running `thread-entry`, loading handlers from `handlersModule` (default: the built-ins). */
export function startJobThread(handlersModule?: string): Worker {
  const here = moduleUrl();
  const workerData = { handlersModule };
  for (const candidate of ['./thread-entry.js', './jobs/thread-entry.js']) {
    const url = new URL(candidate, here);
    if (existsSync(fileURLToPath(url))) return new Worker(url, { workerData });
  }
  // Running from source (vitest, tsx): a worker does not inherit the loader, so register tsx inside it first.
  const tsx = pathToFileURL(
    createRequire(here)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const entry = new URL('./thread-entry.ts', here).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(entry)}));`;
  return new Worker(boot, { eval: true, workerData });
}
