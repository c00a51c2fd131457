/** Archive import: zip, tar, tar.gz extract; traversal, links, bombs and limits are skipped or stopped, and reported. */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { importArchive, safeEntryPath } from '../../src/datasets/index.js';

// A minimal zip writer (deflate or stored entries, optional Unix mode) so tests can build hostile archives.
function zip(entries: { name: string; data: Buffer; mode?: number; store?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = e.store ? e.data : deflateRawSync(e.data);
    const method = e.store ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc32(e.data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc32(e.data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((e.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

async function tarOf(
  entries: { name: string; data?: string; type?: 'file' | 'symlink'; linkname?: string }[],
): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries)
    pack.entry(
      { name: e.name, type: e.type ?? 'file', ...(e.linkname ? { linkname: e.linkname } : {}) },
      e.data ?? '',
    );
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack as unknown as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

const tmp = () => mkdtempSync(join(tmpdir(), 'compass-archive-'));

describe('importArchive', () => {
  it('extracts a zip and reports traversal, absolute and symlink entries as skipped', async () => {
    const dest = join(tmp(), 'out');
    const r = await importArchive(
      zip([
        { name: '1abc/1abc_ligand.sdf', data: Buffer.from('ligand') },
        { name: '../evil.txt', data: Buffer.from('x') },
        { name: '/etc/passwd', data: Buffer.from('x') },
        { name: 'a/../../b.txt', data: Buffer.from('x') },
        { name: 'link', data: Buffer.from('/etc'), mode: 0o120777, store: true },
      ]),
      dest,
    );
    expect(r.format).toBe('zip');
    expect(r.files).toEqual([{ path: '1abc/1abc_ligand.sdf', bytes: 6 }]);
    expect(readFileSync(join(dest, '1abc/1abc_ligand.sdf'), 'utf8')).toBe('ligand');
    expect(r.skipped).toEqual([
      { name: '../evil.txt', reason: 'path traversal (..)' },
      { name: '/etc/passwd', reason: 'absolute path' },
      { name: 'a/../../b.txt', reason: 'path traversal (..)' },
      { name: 'link', reason: 'symbolic link' },
    ]);
    expect(existsSync(join(dest, '..', 'evil.txt'))).toBe(false);
  });

  it('stops a zip bomb by compression ratio', async () => {
    const bomb = zip([{ name: 'zeros.pdb', data: Buffer.alloc(20 * 1024 * 1024) }]);
    await expect(importArchive(bomb, tmp())).rejects.toMatchObject({
      code: 'DATASET_ARCHIVE_LIMIT',
      message: expect.stringContaining('zip bomb'),
    });
  });

  it('enforces file count and total size limits', async () => {
    const many = zip(Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from('abc') })));
    await expect(importArchive(many, tmp(), { maxFiles: 3 })).rejects.toMatchObject({
      code: 'DATASET_ARCHIVE_LIMIT',
    });
    await expect(importArchive(many, tmp(), { maxTotalBytes: 10 })).rejects.toMatchObject({
      code: 'DATASET_ARCHIVE_LIMIT',
    });
  });

  it('extracts tar and tar.gz, skipping links and traversal', async () => {
    const t = await tarOf([
      { name: 'x/protein.pdb', data: 'ATOM' },
      { name: '../up.txt', data: 'x' },
      { name: 'l', type: 'symlink', linkname: '/etc/passwd' },
    ]);
    for (const [buf, format] of [
      [t, 'tar'],
      [gzipSync(t), 'tar.gz'],
    ] as const) {
      const dest = tmp();
      const r = await importArchive(buf, dest);
      expect(r.format).toBe(format);
      expect(r.files).toEqual([{ path: 'x/protein.pdb', bytes: 4 }]);
      expect(r.skipped).toEqual([
        { name: '../up.txt', reason: 'path traversal (..)' },
        { name: 'l', reason: 'not a regular file (symlink)' },
      ]);
    }
  });

  it('rejects what is not an archive, and corrupt archives, with typed errors', async () => {
    await expect(importArchive(Buffer.from('hello world'), tmp())).rejects.toMatchObject({
      code: 'DATASET_ARCHIVE_CORRUPT',
    });
    const z = zip([{ name: 'a.txt', data: Buffer.from('hello hello hello') }]);
    await expect(importArchive(z.subarray(0, z.length - 30), tmp())).rejects.toMatchObject({
      code: 'DATASET_ARCHIVE_CORRUPT',
    });
  });

  it('reports progress after every entry, written or skipped, for zip and tar.gz', async () => {
    const entries = [
      { name: 'a/one.pdb', data: Buffer.from('12345') },
      { name: '../evil.txt', data: Buffer.from('x') },
      { name: 'a/two.sdf', data: Buffer.from('abc') },
    ];
    const expected = [
      { entries: 1, filesWritten: 1, skipped: 0, bytesWritten: 5 },
      { entries: 2, filesWritten: 1, skipped: 1, bytesWritten: 5 },
      { entries: 3, filesWritten: 2, skipped: 1, bytesWritten: 8 },
    ];
    const fromZip: unknown[] = [];
    await importArchive(zip(entries), tmp(), undefined, { onProgress: (p) => fromZip.push(p) });
    expect(fromZip).toEqual(expected);
    const t = await tarOf(entries.map((e) => ({ name: e.name, data: e.data.toString() })));
    const fromTar: unknown[] = [];
    await importArchive(gzipSync(t), tmp(), undefined, { onProgress: (p) => fromTar.push(p) });
    expect(fromTar).toEqual(expected);
  });

  it('cancels through its AbortSignal with DATASET_ABORTED, before or during the import', async () => {
    const entries = Array.from({ length: 6 }, (_, i) => ({
      name: `f${i}.txt`,
      data: Buffer.from(`file ${i}`),
    }));
    const before = new AbortController();
    before.abort(new Error('user cancelled'));
    await expect(
      importArchive(zip(entries), tmp(), undefined, { signal: before.signal }),
    ).rejects.toMatchObject({
      code: 'DATASET_ABORTED',
    });
    const t = await tarOf(entries.map((e) => ({ name: e.name, data: e.data.toString() })));
    for (const archive of [zip(entries), t]) {
      const during = new AbortController();
      const dest = tmp();
      const seen: number[] = [];
      const run = importArchive(archive, dest, undefined, {
        signal: during.signal,
        onProgress: (p) => {
          seen.push(p.entries);
          if (p.entries === 2) during.abort();
        },
      });
      await expect(run).rejects.toMatchObject({ code: 'DATASET_ABORTED' });
      expect(seen).toEqual([1, 2]);
      // Nothing past the abort was written, and no partial file was left behind.
      expect(readdirSync(dest).sort()).toEqual(['f0.txt', 'f1.txt']);
    }
    const missing = new AbortController();
    missing.abort();
    await expect(
      importArchive(join(tmp(), 'absent.zip'), tmp(), undefined, { signal: missing.signal }),
    ).rejects.toMatchObject({ code: 'DATASET_ABORTED' });
  });

  it('normalises safe names', () => {
    expect(safeEntryPath('./a//b/./c.sdf')).toEqual({ path: 'a/b/c.sdf' });
    expect(safeEntryPath('C:\\x.txt')).toEqual({ reason: 'absolute path' });
    expect(safeEntryPath('a\\..\\..\\x')).toEqual({ reason: 'path traversal (..)' });
  });
});
