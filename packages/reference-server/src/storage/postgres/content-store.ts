/** Content-addressed files in the data directory servers and workers share: a half-copied file is never used. */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ServerError } from '../../errors.js';

/** A file stored by its content hash. */
export interface StoredBlob {
  readonly sha256: string;
  readonly size: number;
}

const SHA = /^[0-9a-f]{64}$/;

/** SHA-256 of a buffer, hex. */
export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Files under `<dataDir>/blobs/<ab>/<sha256>`, named by their content hash. Writers write a temporary file and
 * rename it into place (atomic on one filesystem); readers hash what they read and refuse a mismatch, which covers
 * shared filesystems (NFS, rsync) where another machine may see a file before it is complete.
 *
 * @example
 * const blobs = new ContentStore(dataDir);
 * const { sha256 } = await blobs.put(sdfText);
 * const text = await blobs.read(sha256); // verified
 */
export class ContentStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'blobs');
  }

  /** Where the blob with this hash lives. */
  path(sha256: string): string {
    if (!SHA.test(sha256)) throw new ServerError('CONTENT_MISSING', `not a sha256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Stores `data` (idempotent: the same content lands on the same path once). */
  async put(data: Buffer | string): Promise<StoredBlob> {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    const sha256 = sha256Hex(buf);
    const target = this.path(sha256);
    const existing = await stat(target).catch(() => undefined);
    if (existing?.size === buf.length) return { sha256, size: buf.length };
    await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true });
    const tmp = `${target}.${randomUUID()}.tmp`;
    try {
      await writeFile(tmp, buf);
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    return { sha256, size: buf.length };
  }

  /** The blob's bytes after checking their hash; CONTENT_MISSING or CONTENT_MISMATCH otherwise. */
  async read(sha256: string): Promise<Buffer> {
    const buf = await readFile(this.path(sha256)).catch((e: unknown) => {
      throw new ServerError('CONTENT_MISSING', `blob ${sha256} is not in ${this.root}`, { cause: e });
    });
    const actual = sha256Hex(buf);
    if (actual !== sha256) {
      throw new ServerError(
        'CONTENT_MISMATCH',
        `blob ${sha256} reads back as ${actual} (incomplete or corrupt copy)`,
        {
          details: { expected: sha256, actual, size: buf.length },
        },
      );
    }
    return buf;
  }

  /** Hash of a file on disk, streamed (for registering large inputs without loading them whole). */
  static async hashFile(path: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }
}
