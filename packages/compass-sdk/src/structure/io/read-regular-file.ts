/** Reads a file by handle: opened once without following a final symlink, checked on the handle, read with a limit. */
import { constants, type Stats } from 'node:fs';
import { open, readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ParseError } from '../errors.js';
import { MAX_INPUT_BYTES } from './text-source.js';

/** Why {@link readRegularFile} refused a path; in `details.reason` of its PARSE_UNREADABLE error. */
export type ReadRefusal = 'missing' | 'symlink' | 'not-regular' | 'too-large' | 'outside' | 'unreadable';

/** Options of {@link readRegularFile}. */
export interface ReadRegularFileOptions {
  /** Most bytes accepted (default `MAX_INPUT_BYTES`, 512 MiB); a larger file is refused with `too-large`. */
  readonly maxBytes?: number;
  /**
   * A folder the opened file must lie in (after resolving every link of the path to the opened file). Checked on
   * the handle, so swapping a link in after the check cannot redirect the read.
   */
  readonly within?: string;
  /** Name used in errors (default: the path). */
  readonly source?: string;
  /** Abandons the read. */
  readonly signal?: AbortSignal;
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever (it is then refused by fstat).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
const CHUNK = 1 << 20;

/**
 * Read a regular file safely: open it once (refusing a symlink as the last component, and without blocking on a
 * FIFO), `fstat` the handle (refusing devices, FIFOs, sockets and folders, and files over `maxBytes`), check that
 * the opened file lies inside `within` when given (its real path from `/proc/self/fd/N` on Linux, otherwise
 * the real path of the name matched against the handle's device and inode), then read through the same handle,
 * stopping at `maxBytes` even if the file grows meanwhile.
 *
 * @example
 * const bytes = await readRegularFile(userPath, { within: allowedDir, maxBytes: 64 * 2 ** 20 });
 * @throws {ParseError} PARSE_UNREADABLE with `details.reason` a {@link ReadRefusal} and `details.path`.
 */
export async function readRegularFile(path: string, options: ReadRegularFileOptions = {}): Promise<Buffer> {
  const source = options.source ?? path;
  const max = options.maxBytes ?? MAX_INPUT_BYTES;
  const refuse = (reason: ReadRefusal, message: string, cause?: unknown): never => {
    throw new ParseError(
      'PARSE_UNREADABLE',
      message,
      { source },
      { ...(cause === undefined ? {} : { cause }), details: { reason, path } },
    );
  };
  options.signal?.throwIfAborted();
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return refuse('symlink', 'the path is a symbolic link; name the file itself', e);
    if (code === 'ENOENT' || code === 'ENOTDIR') return refuse('missing', 'no such file', e);
    return refuse('unreadable', `cannot open the file (${code ?? 'error'})`, e);
  }
  try {
    const st = await handle.stat();
    // Containment first: a file outside the folder must not reveal its kind or size (D10).
    if (options.within !== undefined && !(await insideFolder(handle, path, st, options.within)))
      refuse('outside', 'the file lies outside the folder it must be read from');
    if (!st.isFile()) refuse('not-regular', `not a regular file (${kind(st)})`);
    if (st.size > max) refuse('too-large', `the file has ${st.size} bytes (limit ${max})`);
    return await readAll(handle, max, options.signal, () =>
      refuse('too-large', `the file grew beyond ${max} bytes while being read`),
    );
  } catch (e) {
    if (e instanceof ParseError || (e as Error).name === 'AbortError') throw e;
    return refuse('unreadable', `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, e);
  } finally {
    await handle.close();
  }
}

function kind(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

async function readAll(
  handle: FileHandle,
  max: number,
  signal: AbortSignal | undefined,
  tooLarge: () => never,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    signal?.throwIfAborted();
    const buf = Buffer.allocUnsafe(Math.min(CHUNK, max - total + 1));
    const { bytesRead } = await handle.read(buf, 0, buf.length, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > max) tooLarge();
    chunks.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
  }
  return Buffer.concat(chunks, total);
}

/** Whether the file open on `handle` lies inside `folder` (both with every link resolved). */
async function insideFolder(handle: FileHandle, path: string, st: Stats, folder: string): Promise<boolean> {
  const root = await realpath(folder);
  let real: string;
  try {
    // the kernel's name for the open file: no race with the path being swapped after open
    real = await readlink(`/proc/self/fd/${handle.fd}`);
    if (!isAbsolute(real)) throw new Error('not a path');
  } catch {
    // no /proc: resolve the name, and accept it only if it still names the file that is open
    real = await realpath(resolve(path));
    const again = await stat(real);
    if (again.dev !== st.dev || again.ino !== st.ino) return false;
  }
  const rel = relative(root, real);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
