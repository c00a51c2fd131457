/** Streams one multipart file upload to disk (never buffered whole), hashing it on the way, with size limits. */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { type Request } from 'express';
import { ServerError } from '../errors.js';
import { closeIfUnread } from '../http/close-unread.js';

/** Archive suffixes a dataset upload may have. */
export const ARCHIVE_SUFFIXES = ['.tar.gz', '.tgz', '.tar', '.zip'] as const;

/** Room for multipart headers and text fields on top of the file size limit. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** A file received by {@link receiveUpload}. */
export interface ReceivedFile {
  /** Absolute path of the stored file. */
  readonly path: string;
  /** File name as the client sent it (validated: no path parts). */
  readonly originalName: string;
  readonly size: number;
  readonly sha256: string;
}

/** The upload's text fields and its one file. */
export interface ReceivedUpload {
  readonly fields: Record<string, string>;
  readonly file: ReceivedFile;
}

/** Throws INVALID_FILE_NAME for names with path parts or control characters, 415 for non-archive suffixes. */
export function archiveSuffix(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (!name || name.length > 255 || /[/\\\x00-\x1f]/.test(name) || name === '..' || name.startsWith('.')) {
    throw new ServerError('INVALID_FILE_NAME', 'the file name must be a plain name without path parts', {
      details: { fileName: name },
    });
  }
  const suffix = ARCHIVE_SUFFIXES.find((s) => name.toLowerCase().endsWith(s));
  if (!suffix) {
    throw new ServerError(
      'UNSUPPORTED_MEDIA_TYPE',
      `the file must be one of ${ARCHIVE_SUFFIXES.join(', ')}`,
      {
        details: { fileName: name },
      },
    );
  }
  return suffix;
}

/**
 * Receives a `multipart/form-data` request with one file into `dir` (as `archive<suffix>`). Fails with
 * PAYLOAD_TOO_LARGE beyond `maxBytes` and VALIDATION_FAILED without a file; on failure the folder is removed.
 */
export async function receiveUpload(req: Request, dir: string, maxBytes: number): Promise<ReceivedUpload> {
  const declared = Number(req.get('content-length') ?? NaN);
  if (declared > maxBytes + MULTIPART_OVERHEAD) {
    // Refuse before reading a byte, and close the connection rather than drain a huge body.
    req.res?.setHeader('Connection', 'close');
    throw new ServerError('PAYLOAD_TOO_LARGE', `the upload exceeds ${maxBytes} bytes`, {
      details: { limit: maxBytes },
    });
  }
  await mkdir(dir, { recursive: true });
  const fields: Record<string, string> = {};
  let file: ReceivedFile | undefined;
  let failure: unknown;
  const writes: Promise<void>[] = [];
  try {
    const bb = busboy({
      headers: req.headers,
      preservePath: true,
      limits: { files: 1, fields: 10, fieldSize: 8192, fileSize: maxBytes },
    });
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (_field, stream, info) => {
      // A body that ends inside the file part errors this stream as well as busboy; the failure is reported once,
      // from the request pipeline below. Without a listener a refused (resumed) part's error is uncaught.
      stream.on('error', () => undefined);
      let suffix: string;
      try {
        suffix = archiveSuffix(info.filename ?? '');
      } catch (e) {
        failure ??= e;
        stream.resume();
        return;
      }
      const path = join(dir, `archive${suffix}`);
      const hash = createHash('sha256');
      let size = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      stream.on('limit', () => {
        failure ??= new ServerError('PAYLOAD_TOO_LARGE', `the file exceeds ${maxBytes} bytes`, {
          details: { limit: maxBytes },
        });
      });
      const write = pipeline(stream, tap, createWriteStream(path)).then(() => {
        file = { path, originalName: info.filename ?? '', size, sha256: hash.digest('hex') };
      });
      // A broken body fails this write too; the failure is reported once, from the request pipeline.
      write.catch(() => undefined);
      writes.push(write);
    });
    bb.on('filesLimit', () => {
      failure ??= new ServerError('VALIDATION_FAILED', 'send exactly one file', {
        details: { path: 'body.file' },
      });
    });
    await pipeline(req, bb);
    await Promise.all(writes);
  } catch (e) {
    failure ??=
      e instanceof Error && /Unexpected end of form|Malformed|Boundary/i.test(e.message)
        ? new ServerError('VALIDATION_FAILED', `malformed multipart body: ${e.message}`)
        : e;
  }
  await Promise.allSettled(writes);
  if (!failure && !file) {
    failure = new ServerError('VALIDATION_FAILED', 'the upload has no file', {
      details: { path: 'body.file' },
    });
  }
  if (failure) {
    closeIfUnread(req);
    await rm(dir, { recursive: true, force: true });
    throw failure;
  }
  return { fields, file: file as ReceivedFile };
}
