/** Reads docking-result archives in the browser: zip (fflate), tar and tar.gz (gunzip by fflate, tar headers here). */
import { gunzipSync, unzipSync } from 'fflate';

/** One extracted regular file. */
export interface ArchiveEntry {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Largest total extracted size accepted (a guard against archive bombs in the tab). */
export const MAX_EXTRACTED_BYTES = 512 * 1024 * 1024;

function readString(buf: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && buf[end] !== 0) end++;
  return new TextDecoder().decode(buf.subarray(start, end));
}

/** The regular files of a POSIX/ustar tar image (links, folders and PAX headers are skipped). */
export function readTar(buf: Uint8Array): ArchiveEntry[] {
  const out: ArchiveEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= buf.length) {
    const header = buf.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = Number.parseInt(readString(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = readString(header, 345, 155);
    let name = readString(header, 0, 100);
    if (prefix) name = `${prefix}/${name}`;
    const body = buf.subarray(offset + 512, offset + 512 + size);
    if (type === 'L') longName = readString(body, 0, body.length);
    else if (type === '0' || type === '\0') {
      out.push({ name: longName ?? name, bytes: body.slice() });
      longName = undefined;
    } else longName = undefined;
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** Extracts a .zip, .tar, .tar.gz or .tgz file; throws for other types and over-large contents. */
export function extractArchive(fileName: string, data: Uint8Array): ArchiveEntry[] {
  const lower = fileName.toLowerCase();
  let entries: ArchiveEntry[];
  if (lower.endsWith('.zip')) {
    entries = Object.entries(unzipSync(data))
      .filter(([name]) => !name.endsWith('/'))
      .map(([name, bytes]) => ({ name, bytes }));
  } else if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) {
    entries = readTar(gunzipSync(data));
  } else if (lower.endsWith('.tar')) {
    entries = readTar(data);
  } else {
    throw new Error(`${fileName}: not a .zip, .tar, .tar.gz or .tgz archive`);
  }
  const total = entries.reduce((n, e) => n + e.bytes.length, 0);
  if (total > MAX_EXTRACTED_BYTES)
    throw new Error(`${fileName}: more than ${MAX_EXTRACTED_BYTES} bytes inside`);
  // Folders, macOS resource forks and hidden files are never structures.
  return entries
    .map((e) => ({ name: e.name.replace(/^(\.\/)+/, ''), bytes: e.bytes }))
    .filter((e) => !e.name.split('/').some((part) => part.startsWith('.') || part === '__MACOSX'));
}
