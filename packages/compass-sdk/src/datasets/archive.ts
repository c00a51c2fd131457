/** Safe import of dataset archives (zip, tar, tar.gz): every entry checked, limited, and reported when skipped. */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import yauzl from 'yauzl';
import { ArchiveBudget, resolveLimits, safeEntryPath, type ArchiveLimits } from './archive-limits.js';
import { DatasetError } from './errors.js';

/** An entry left out of the import, and why. */
export interface SkippedEntry {
  readonly name: string;
  readonly reason: string;
}

/** What an import wrote and what it skipped. */
export interface ArchiveReport {
  readonly format: 'zip' | 'tar' | 'tar.gz';
  /** Relative paths written under the destination, with sizes. */
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
  readonly skipped: readonly SkippedEntry[];
  readonly totalBytes: number;
}

/** Where an import stands, reported after every entry (written or skipped). */
export interface ArchiveProgress {
  /** Entries seen so far (directories excluded). */
  readonly entries: number;
  readonly filesWritten: number;
  readonly skipped: number;
  /** Uncompressed bytes written so far. */
  readonly bytesWritten: number;
}

/** Cancellation and progress of {@link importArchive}. */
export interface ArchiveImportOptions {
  /** Aborting stops the import between chunks with DATASET_ABORTED; the entry being written is removed. */
  readonly signal?: AbortSignal;
  /** Called after each entry, written or skipped (keep it cheap: it runs inside the extraction). */
  readonly onProgress?: (progress: ArchiveProgress) => void;
}

/** Tracks an import: the report lists, progress callbacks, and the abort check. */
class ImportState {
  readonly files: { path: string; bytes: number }[] = [];
  readonly skipped: SkippedEntry[] = [];
  #entries = 0;
  #bytes = 0;

  constructor(private readonly options: ArchiveImportOptions) {}

  /** Throws DATASET_ABORTED once the signal has fired. */
  check(): void {
    if (this.options.signal?.aborted)
      throw new DatasetError('DATASET_ABORTED', 'archive import aborted', {
        cause: this.options.signal.reason,
      });
  }

  wrote(path: string, bytes: number): void {
    this.files.push({ path, bytes });
    this.#bytes += bytes;
    this.#progress();
  }

  skip(name: string, reason: string): void {
    this.skipped.push({ name, reason });
    this.#progress();
  }

  #progress(): void {
    this.#entries++;
    this.options.onProgress?.({
      entries: this.#entries,
      filesWritten: this.files.length,
      skipped: this.skipped.length,
      bytesWritten: this.#bytes,
    });
  }
}

function detect(b: Buffer): ArchiveReport['format'] {
  if (b.length >= 4 && b.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'tar.gz';
  if (b.length >= 262 && b.toString('latin1', 257, 262) === 'ustar') return 'tar';
  throw new DatasetError('DATASET_ARCHIVE_CORRUPT', 'not a zip, tar or tar.gz archive');
}

// Counts bytes through the budget while they stream to disk, so a lying size header cannot get past the limits.
function meter(state: ImportState, budget: ArchiveBudget, name: string, compressed?: number): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      size += chunk.length;
      try {
        state.check();
        budget.addBytes(name, chunk.length, size, compressed);
        cb(null, chunk);
      } catch (e) {
        cb(e as Error);
      }
    },
  });
}

async function writeEntry(dest: string, rel: string, source: Readable, m: Transform): Promise<number> {
  const target = join(dest, rel);
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.partial`;
  let bytes = 0;
  m.on('data', (c: Buffer) => (bytes += c.length));
  try {
    await pipeline(source, m, createWriteStream(tmp));
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return bytes;
}

/**
 * Extract an archive (path or bytes) into `dest`. Entries with unsafe names, links and special files are skipped
 * and reported; a file count, size or compression ratio past `limits` stops the import with
 * DATASET_ARCHIVE_LIMIT (files written so far stay, listed nowhere as complete). `options.onProgress` hears about
 * every entry; `options.signal` cancels between chunks (DATASET_ABORTED, the partial entry removed).
 *
 * @throws {DatasetError} DATASET_ARCHIVE_LIMIT, DATASET_ARCHIVE_CORRUPT, DATASET_ABORTED.
 */
export async function importArchive(
  input: string | Buffer,
  dest: string,
  limits?: ArchiveLimits,
  options: ArchiveImportOptions = {},
): Promise<ArchiveReport> {
  const state = new ImportState(options);
  state.check();
  const buf =
    typeof input === 'string'
      ? await readFile(input, { signal: options.signal }).catch(aborted(state))
      : input;
  const format = detect(buf);
  const budget = new ArchiveBudget(resolveLimits(limits), buf.length);
  await mkdir(dest, { recursive: true });
  if (format === 'zip') await extractZip(buf, dest, budget, state);
  else await extractTar(buf, format === 'tar.gz', dest, budget, state);
  return { format, files: state.files, skipped: state.skipped, totalBytes: budget.bytes };
}

// A read cancelled by the signal becomes DATASET_ABORTED; other failures pass through unchanged.
const aborted =
  (state: ImportState) =>
  (e: unknown): never => {
    state.check();
    throw e;
  };

function corrupt(e: unknown): DatasetError {
  return e instanceof DatasetError
    ? e
    : new DatasetError('DATASET_ARCHIVE_CORRUPT', `archive is corrupt: ${(e as Error).message}`, {
        cause: e,
      });
}

async function extractZip(
  buf: Buffer,
  dest: string,
  budget: ArchiveBudget,
  state: ImportState,
): Promise<void> {
  // decodeStrings off: yauzl would otherwise fail the whole archive on one unsafe name; we skip that entry instead.
  const zip = await new Promise<yauzl.ZipFile>((ok, bad) =>
    yauzl.fromBuffer(buf, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (e, z) =>
      e ? bad(corrupt(e)) : ok(z),
    ),
  );
  try {
    await new Promise<void>((ok, bad) => {
      zip.on('error', (e) => bad(corrupt(e)));
      zip.on('end', ok);
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = Buffer.isBuffer(entry.fileName)
          ? (entry.fileName as Buffer).toString('utf8')
          : String(entry.fileName);
        const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
        const next = () => zip.readEntry();
        if (name.endsWith('/')) return next();
        const safe = safeEntryPath(name);
        try {
          state.check();
          if ('reason' in safe) return (state.skip(name, safe.reason), next());
          if (mode === 0o120000) return (state.skip(name, 'symbolic link'), next());
          if (entry.isEncrypted()) return (state.skip(name, 'encrypted'), next());
          budget.addFile(name);
        } catch (e) {
          return bad(e);
        }
        zip.openReadStream(entry, (err, stream) => {
          if (err) return bad(corrupt(err));
          writeEntry(dest, safe.path, stream, meter(state, budget, name, entry.compressedSize))
            .then((bytes) => {
              state.wrote(safe.path, bytes);
              next();
            })
            .catch((e: unknown) => bad(corrupt(e)));
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

async function extractTar(
  buf: Buffer,
  gz: boolean,
  dest: string,
  budget: ArchiveBudget,
  state: ImportState,
): Promise<void> {
  const ex = tar.extract();
  const done = new Promise<void>((ok, bad) => {
    ex.on('entry', (header, stream, next) => {
      const name = header.name;
      const skip = (reason: string) => {
        try {
          if (reason) state.skip(name, reason);
        } catch (e) {
          return bad(e);
        }
        stream.on('end', () => next());
        stream.resume();
      };
      try {
        state.check();
      } catch (e) {
        return bad(e);
      }
      if (header.type === 'directory') return skip('');
      if (header.type !== 'file' && header.type !== 'contiguous-file')
        return skip(`not a regular file (${header.type})`);
      const safe = safeEntryPath(name);
      if ('reason' in safe) return skip(safe.reason);
      try {
        budget.addFile(name);
      } catch (e) {
        return bad(e);
      }
      writeEntry(dest, safe.path, stream as unknown as Readable, meter(state, budget, name))
        .then((bytes) => {
          state.wrote(safe.path, bytes);
          next();
        })
        .catch((e: unknown) => bad(corrupt(e)));
    });
    ex.on('finish', ok);
    ex.on('error', (e) => bad(corrupt(e)));
  });
  const src = Readable.from([buf]);
  const feed = gz ? pipeline(src, createGunzip(), ex) : pipeline(src, ex);
  await Promise.all([feed.catch((e: unknown) => Promise.reject(corrupt(e))), done]);
}
