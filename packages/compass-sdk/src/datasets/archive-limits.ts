/** Limits and entry-name checks for dataset archive import (path traversal, size, count, compression ratio). */
import { DatasetError } from './errors.js';

/** Limits of an archive import; each breach stops the import with DATASET_ARCHIVE_LIMIT. */
export interface ArchiveLimits {
  /** Most files extracted (default 20,000). */
  readonly maxFiles?: number;
  /** Most bytes extracted in all (default 4 GiB). */
  readonly maxTotalBytes?: number;
  /** Largest single file (default 1 GiB). */
  readonly maxFileBytes?: number;
  /** Largest ratio of extracted to compressed bytes, per zip entry and for the whole archive (default 200). */
  readonly maxRatio?: number;
}

/** Resolved limits. */
export type ResolvedLimits = Required<ArchiveLimits>;

/** Fill in defaults. */
export function resolveLimits(l: ArchiveLimits = {}): ResolvedLimits {
  return {
    maxFiles: l.maxFiles ?? 20_000,
    maxTotalBytes: l.maxTotalBytes ?? 4 * 1024 ** 3,
    maxFileBytes: l.maxFileBytes ?? 1024 ** 3,
    maxRatio: l.maxRatio ?? 200,
  };
}

/**
 * The safe relative path of an entry name, or a reason to skip it: absolute paths, drive letters, `..` segments,
 * NUL bytes and empty names never leave the destination folder.
 */
export function safeEntryPath(name: string): { path: string } | { reason: string } {
  if (name.includes('\0')) return { reason: 'name contains a NUL byte' };
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[A-Za-z]:/.test(n)) return { reason: 'absolute path' };
  const parts = n.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return { reason: 'path traversal (..)' };
  if (parts.length === 0) return { reason: 'empty name' };
  return { path: parts.join('/') };
}

/** Running totals that throw when a limit is passed. */
export class ArchiveBudget {
  files = 0;
  bytes = 0;
  constructor(
    readonly limits: ResolvedLimits,
    private readonly archiveBytes: number,
  ) {}

  /** Account for a new file. */
  addFile(name: string): void {
    if (++this.files > this.limits.maxFiles)
      throw new DatasetError('DATASET_ARCHIVE_LIMIT', `more than ${this.limits.maxFiles} files (at ${name})`);
  }

  /** Account for extracted bytes of `name` (its running size `fileBytes`). */
  addBytes(name: string, n: number, fileBytes: number, compressedBytes?: number): void {
    this.bytes += n;
    const l = this.limits;
    if (fileBytes > l.maxFileBytes)
      throw new DatasetError('DATASET_ARCHIVE_LIMIT', `${name} is larger than ${l.maxFileBytes} bytes`);
    if (this.bytes > l.maxTotalBytes)
      throw new DatasetError(
        'DATASET_ARCHIVE_LIMIT',
        `archive expands past ${l.maxTotalBytes} bytes (at ${name})`,
      );
    if (
      compressedBytes !== undefined &&
      fileBytes > 1024 * 1024 &&
      fileBytes / Math.max(1, compressedBytes) > l.maxRatio
    )
      throw new DatasetError(
        'DATASET_ARCHIVE_LIMIT',
        `${name} expands more than ${l.maxRatio}x (a zip bomb?)`,
      );
    if (this.bytes > 1024 * 1024 && this.bytes / Math.max(1, this.archiveBytes) > l.maxRatio)
      throw new DatasetError(
        'DATASET_ARCHIVE_LIMIT',
        `archive expands more than ${l.maxRatio}x its size (a zip bomb?)`,
      );
  }
}
