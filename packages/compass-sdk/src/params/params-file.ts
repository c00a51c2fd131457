/** Saving and loading parameter files on disk: atomic writes, verified reads. */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { TensorMap } from '../runtime/host-tensor.js';
import { type ParamShapes, type ParamsFile, checkParams, decodeParams, encodeParams } from './safetensors.js';

/**
 * Writes parameters atomically: to a temporary file beside `path`, then renamed over it, so a reader never
 * sees a half-written file.
 */
export async function saveParams(
  path: string,
  tensors: TensorMap,
  metadata: Readonly<Record<string, string>> = {},
): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, encodeParams(tensors, metadata));
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Reads and verifies a parameter file; with `expected` (e.g. `model.params`) also rejects a file whose names
 * or shapes differ.
 *
 * @example
 * ```ts
 * await saveParams('model.safetensors', trainer.params, { target_mean: '6.4' });
 * const { tensors } = await loadParams('model.safetensors', model.params);
 * ```
 */
export async function loadParams(path: string, expected?: ParamShapes): Promise<ParamsFile> {
  const file = decodeParams(new Uint8Array(await readFile(path)));
  if (expected) checkParams(file.tensors, expected);
  return file;
}
