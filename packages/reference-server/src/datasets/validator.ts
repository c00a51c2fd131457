/** The pluggable dataset check: the default recognises the archive by its magic bytes until the sdk's import lands. */
import { open } from 'node:fs/promises';

/** What a validated dataset contains, e.g. `{ complexes: 120 }`. */
export interface DatasetSummary {
  readonly counts: Record<string, number>;
}

/**
 * Checks an uploaded archive at `path` and counts what it holds; throws (any error, its message becomes the
 * dataset's `reason`) when the archive is unusable. @compass/sdk's `datasets/` import will replace the default.
 */
export type DatasetValidator = (
  path: string,
  info: { readonly originalName: string },
) => Promise<DatasetSummary>;

const MAGIC: readonly { readonly kind: string; readonly at: number; readonly bytes: readonly number[] }[] = [
  { kind: 'zip', at: 0, bytes: [0x50, 0x4b, 0x03, 0x04] },
  { kind: 'gzip', at: 0, bytes: [0x1f, 0x8b] },
  { kind: 'tar', at: 257, bytes: [0x75, 0x73, 0x74, 0x61, 0x72] },
];

/** Default validator: accepts a zip, gzip or tar archive by its signature; counts only its bytes. */
export const checkArchiveSignature: DatasetValidator = async (path) => {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(262);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const stat = await fh.stat();
    if (bytesRead === 0) throw new Error('the uploaded file is empty');
    const match = MAGIC.find((m) => m.bytes.every((b, i) => head[m.at + i] === b));
    if (!match) throw new Error('the uploaded file is not a zip, tar or gzip archive');
    return { counts: { bytes: stat.size } };
  } finally {
    await fh.close();
  }
};
