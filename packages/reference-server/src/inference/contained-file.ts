/** Reads a `{ path }` input once, through one handle, only when the opened file lies inside the allowed folder. */
import { constants } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ServerError } from '../errors.js';

/** A file read by {@link readContainedFile}. */
export interface ContainedFile {
  readonly bytes: Buffer;
  /** The file's real path (inside the allowed folder). */
  readonly realPath: string;
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

function inside(root: string, real: string): boolean {
  const rel = relative(root, real);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

// O_NOFOLLOW: a symlink as the last component fails the open (ELOOP) instead of being followed. O_NONBLOCK: a FIFO
// opens without waiting for a writer (it is then refused as not a regular file).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Opens `path` (relative to `allowedDir`, or absolute) once, refuses it unless the opened file is a regular file
 * whose real path lies inside `allowedDir`, and reads it through that handle. Containment is checked on the opened
 * file: its device and inode must be those of the file at the contained real path, so swapping a symlink or a
 * folder in between the checks and the read cannot make it read anything else. Every refusal is
 * {@link unreadablePath} (404); a file over `maxBytes` is PAYLOAD_TOO_LARGE (413).
 */
export async function readContainedFile(
  path: string,
  allowedDir: string,
  maxBytes: number,
): Promise<ContainedFile> {
  const root = await realpath(allowedDir);
  const candidate = isAbsolute(path) ? path : resolve(root, path);
  let handle: FileHandle;
  try {
    handle = await open(candidate, OPEN_FLAGS);
  } catch {
    throw unreadablePath(path);
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw unreadablePath(path);
    const real = await realpath(candidate).catch(() => undefined);
    if (!real || !inside(root, real)) throw unreadablePath(path);
    const there = await stat(real).catch(() => undefined);
    if (!there || there.dev !== opened.dev || there.ino !== opened.ino) throw unreadablePath(path);
    if (opened.size > maxBytes) {
      throw new ServerError('PAYLOAD_TOO_LARGE', `the file is larger than ${maxBytes} bytes`, {
        details: { path, limit: maxBytes },
      });
    }
    return { bytes: await readAtMost(handle, maxBytes, path), realPath: real };
  } finally {
    await handle.close();
  }
}

/** Reads the whole file through the handle, refusing it if it grew past `maxBytes` since its size was read. */
async function readAtMost(handle: FileHandle, maxBytes: number, path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(Math.min(1024 * 1024, maxBytes + 1 - total));
    const { bytesRead } = await handle.read(buf, 0, buf.length, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > maxBytes) {
      throw new ServerError('PAYLOAD_TOO_LARGE', `the file is larger than ${maxBytes} bytes`, {
        details: { path, limit: maxBytes },
      });
    }
    chunks.push(buf.subarray(0, bytesRead));
  }
  return Buffer.concat(chunks, total);
}
