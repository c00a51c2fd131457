/** Reads a `{ path }` input once, through one handle, only when the opened file lies inside the allowed folder. */
import { realpath } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import { isCompassError, readRegularFile } from '@compass/sdk/engine';
import { ServerError } from '../errors.js';

/** A file read by {@link readContainedFile}. */
export interface ContainedFile {
  readonly bytes: Buffer;
  /** The file's name, for parser messages (never the server's path to it). */
  readonly name: string;
}

/**
 * The one answer for a path that is not a readable regular file inside the allowed folder, whatever the reason
 * (missing, outside, a symlink, a folder, a device): the caller cannot tell which, so cannot probe the disk.
 */
export function unreadablePath(path: string): ServerError {
  return new ServerError('NOT_FOUND', `no readable file at ${path} in the allowed directory`, {
    details: { kind: 'file', id: path },
  });
}

/**
 * Reads `path` (relative to `allowedDir`, or absolute) with the sdk's `readRegularFile`: opened once without
 * following a last-component symlink or blocking on a FIFO, refused unless the opened file is a regular file inside
 * `allowedDir` (checked on the handle, so a symlink swapped in meanwhile cannot redirect the read), read through
 * that handle. Every refusal is {@link unreadablePath} (404); a file over `maxBytes` is PAYLOAD_TOO_LARGE (413).
 */
export async function readContainedFile(
  path: string,
  allowedDir: string,
  maxBytes: number,
): Promise<ContainedFile> {
  const root = await realpath(allowedDir);
  try {
    const bytes = await readRegularFile(isAbsolute(path) ? path : resolve(root, path), {
      within: root,
      maxBytes,
      source: basename(path),
    });
    return { bytes, name: basename(path) };
  } catch (e) {
    if (isCompassError(e) && e.details?.reason === 'too-large') {
      throw new ServerError('PAYLOAD_TOO_LARGE', `the file is larger than ${maxBytes} bytes`, {
        details: { path, limit: maxBytes },
      });
    }
    throw unreadablePath(path);
  }
}
