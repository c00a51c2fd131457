/** This module's URL in both builds: `import.meta.url` in ESM, `__filename` in the CommonJS bundle. */
import { pathToFileURL } from 'node:url';

/** URL of the running bundle or source file, for resolving neighbours (the job thread entry). */
export function moduleUrl(): string {
  return typeof import.meta.url === 'string' ? import.meta.url : pathToFileURL(__filename).href;
}
