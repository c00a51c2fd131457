/** Multipart upload bodies from a path, bytes or a stream, streamed with exact byte progress. */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import type { UploadProgress } from './http-core.js';

/** What an upload accepts: a file path, bytes, a Blob, or a (web or Node) stream of bytes. */
export type UploadSource =
  string | Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** A multipart body ready to send. */
export interface MultipartBody {
  readonly body: ReadableStream<Uint8Array>;
  readonly contentType: string;
  /** Total bytes of the body, or undefined for a stream of unknown length. */
  readonly totalBytes: number | undefined;
}

/** Options of {@link multipartBody}. */
export interface MultipartOptions {
  /** Form field of the file (default `file`). */
  readonly field?: string;
  /** File name sent to the server (default: the path's base name, else `upload.bin`). */
  readonly fileName?: string;
  /** Plain text fields sent before the file. */
  readonly fields?: Readonly<Record<string, string | undefined>>;
  readonly onProgress?: (progress: UploadProgress) => void;
}

const encoder = new TextEncoder();

async function fileOf(
  source: UploadSource,
): Promise<{ size: number | undefined; chunks: AsyncIterable<Uint8Array> }> {
  if (typeof source === 'string')
    return { size: (await stat(source)).size, chunks: createReadStream(source) as AsyncIterable<Uint8Array> };
  if (source instanceof Uint8Array) return { size: source.byteLength, chunks: Readable.from([source]) };
  if (source instanceof ArrayBuffer)
    return { size: source.byteLength, chunks: Readable.from([new Uint8Array(source)]) };
  if (source instanceof Blob)
    return { size: source.size, chunks: Readable.fromWeb(source.stream() as never) };
  if (source instanceof ReadableStream) return { size: undefined, chunks: Readable.fromWeb(source as never) };
  return { size: undefined, chunks: source };
}

/**
 * Builds a `multipart/form-data` body whose file part streams from `source`; `onProgress` reports the bytes
 * handed to the connection (percent stays 0 when the length is unknown).
 */
export async function multipartBody(
  source: UploadSource,
  options: MultipartOptions = {},
): Promise<MultipartBody> {
  const boundary = `----compass-${randomUUID()}`;
  const fileName = options.fileName ?? (typeof source === 'string' ? basename(source) : 'upload.bin');
  let head = '';
  for (const [name, value] of Object.entries(options.fields ?? {}))
    if (value !== undefined)
      head += `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  head +=
    `--${boundary}\r\ncontent-disposition: form-data; name="${options.field ?? 'file'}"; ` +
    `filename="${fileName.replace(/"/g, '')}"\r\ncontent-type: application/octet-stream\r\n\r\n`;
  const headBytes = encoder.encode(head);
  const tailBytes = encoder.encode(`\r\n--${boundary}--\r\n`);
  const file = await fileOf(source);
  const totalBytes =
    file.size === undefined ? undefined : headBytes.byteLength + file.size + tailBytes.byteLength;
  let sent = 0;
  const report = (n: number) => {
    sent += n;
    options.onProgress?.({
      transferredBytes: sent,
      totalBytes: totalBytes ?? 0,
      percent: totalBytes ? sent / totalBytes : 0,
    });
  };
  async function* parts(): AsyncGenerator<Uint8Array> {
    yield headBytes;
    report(headBytes.byteLength);
    for await (const chunk of file.chunks) {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      yield bytes;
      report(bytes.byteLength);
    }
    yield tailBytes;
    report(tailBytes.byteLength);
  }
  return {
    body: Readable.toWeb(Readable.from(parts())) as ReadableStream<Uint8Array>,
    contentType: `multipart/form-data; boundary=${boundary}`,
    totalBytes,
  };
}

/** A raw (non-multipart) streamed body from `source`, reporting progress as it is read. */
export async function rawBody(
  source: UploadSource,
  onProgress?: (progress: UploadProgress) => void,
): Promise<ReadableStream<Uint8Array>> {
  const file = await fileOf(source);
  let sent = 0;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for await (const chunk of file.chunks) {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      sent += bytes.byteLength;
      onProgress?.({
        transferredBytes: sent,
        totalBytes: file.size ?? 0,
        percent: file.size ? sent / file.size : 0,
      });
      yield bytes;
    }
  }
  return Readable.toWeb(Readable.from(chunks())) as ReadableStream<Uint8Array>;
}
