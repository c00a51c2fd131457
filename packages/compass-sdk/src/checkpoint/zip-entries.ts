/** Reads the entries of a checkpoint zip into memory, refusing unsafe names, oversized entries and bad CRCs. */
import * as zlib from 'node:zlib';
import yauzl from 'yauzl';
import { CheckpointError } from './errors.js';

/** Byte budget of one archive. */
export interface ZipBudget {
  readonly source: string;
  /** Most uncompressed bytes of all entries together (each entry is also held to it). */
  readonly maxBytes: number;
}

const crc32 = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;

function unsafeName(name: string): string | undefined {
  if (name.includes('\0')) return 'contains a NUL byte';
  if (name.includes('\\')) return 'contains a backslash';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is absolute';
  if (name.split('/').some((s) => s === '..')) return "climbs out with '..'";
  return undefined;
}

function zipError(e: unknown, bytes: Uint8Array, source: string): CheckpointError {
  if (e instanceof CheckpointError) return e;
  const msg = (e as Error).message ?? String(e);
  // A local header at the start but no end-of-central-directory record: the file was cut short.
  const truncated = /end of central directory record signature not found|truncated|unexpected EOF/i.test(msg);
  return new CheckpointError(
    truncated ? 'CHECKPOINT_TRUNCATED' : 'CHECKPOINT_CORRUPT',
    `${truncated ? 'zip is truncated' : 'zip is corrupt'} (${bytes.length} bytes): ${msg}`,
    { source },
    { cause: e },
  );
}

/**
 * Lists the archive and reads every file entry for which `want(name)` holds. Names are checked before anything
 * is read; sizes are checked against the budget from the central directory and again while reading.
 */
export async function readZipEntries(
  bytes: Uint8Array,
  want: (name: string) => boolean,
  budget: ZipBudget,
): Promise<{ names: string[]; data: Map<string, Buffer> }> {
  const { source } = budget;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 4 || buf.readUInt32LE(0) !== 0x04034b50)
    throw new CheckpointError('CHECKPOINT_NOT_ZIP', 'not a zip archive (no PK local header at byte 0)', {
      source,
    });
  const zip = await new Promise<yauzl.ZipFile>((ok, bad) =>
    yauzl.fromBuffer(buf, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (e, z) =>
      e ? bad(zipError(e, bytes, source)) : ok(z),
    ),
  );
  const names: string[] = [];
  const data = new Map<string, Buffer>();
  let total = 0;
  try {
    await new Promise<void>((ok, bad) => {
      zip.on('error', (e) => bad(zipError(e, bytes, source)));
      zip.on('end', ok);
      zip.on('entry', (entry: yauzl.Entry) => {
        const raw = entry.fileName as unknown;
        const name = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw);
        const why = unsafeName(name);
        if (why)
          return bad(
            new CheckpointError('CHECKPOINT_UNSAFE_ENTRY', `entry name ${why}`, { source, entry: name }),
          );
        if (data.has(name) || names.includes(name))
          return bad(new CheckpointError('CHECKPOINT_CORRUPT', 'duplicate entry', { source, entry: name }));
        names.push(name);
        if (name.endsWith('/') || !want(name)) return zip.readEntry();
        total += entry.uncompressedSize;
        if (entry.uncompressedSize > budget.maxBytes || total > budget.maxBytes)
          return bad(
            new CheckpointError(
              'CHECKPOINT_TOO_LARGE',
              `entries reach ${total} bytes, over the ${budget.maxBytes}-byte budget`,
              { source, entry: name },
            ),
          );
        if (entry.isEncrypted())
          return bad(
            new CheckpointError('CHECKPOINT_CORRUPT', 'entry is encrypted', { source, entry: name }),
          );
        zip.openReadStream(entry, (err, stream) => {
          if (err) return bad(zipError(err, bytes, source));
          const parts: Buffer[] = [];
          stream.on('data', (c: Buffer) => parts.push(c));
          stream.on('error', (e) => bad(zipError(e, bytes, source)));
          stream.on('end', () => {
            const body = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
            if (crc32 && crc32(body) >>> 0 !== entry.crc32 >>> 0)
              return bad(
                new CheckpointError('CHECKPOINT_CORRUPT', 'CRC-32 mismatch', { source, entry: name }),
              );
            data.set(name, body);
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return { names, data };
}
