/** Loads onnxruntime-node on first use, so importing @compass/sdk never loads the native library. */
import { createRequire } from 'node:module';
import type * as Ort from 'onnxruntime-node';
import { moduleUrl } from './module-url.js';

let loaded: typeof Ort | undefined;

/**
 * The onnxruntime-node module, required on the first call. Parsing, the Vina scorer and the
 * graph builder then work where the native library cannot load (another libc, no binary for the
 * platform); only opening a session needs it. `require` because the package is CommonJS and the
 * call must stay synchronous for tensor conversion.
 */
export function ortModule(): typeof Ort {
  loaded ??= createRequire(moduleUrl())('onnxruntime-node') as typeof Ort;
  return loaded;
}
