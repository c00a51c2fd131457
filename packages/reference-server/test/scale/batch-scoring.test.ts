/** Batch scoring on the in-process engine: chunking, ordered results with per-record errors, progress, cancel. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBatchScoring, type BatchProgress } from '../../src/jobs/batch/batch-scoring.js';
import { splitSdfRecords } from '../../src/jobs/batch/sdf-records.js';
import { InProcessJobQueue } from '../../src/jobs/in-process-queue.js';
import { ContentStore } from '../../src/storage/postgres/content-store.js';
import { pocketPdb, poses } from './fixtures.js';

let dir: string;
let queue: InProcessJobQueue;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'compass-batch-'));
  queue = new InProcessJobQueue({ dataDir: dir, threads: 2 });
});
afterAll(async () => {
  await queue.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('batch scoring (in-process)', () => {
  it('splits SD files into records, keeping a trailing record without $$$$', () => {
    expect(splitSdfRecords('a\n$$$$\nb\n$$$$\n')).toEqual(['a\n$$$$\n', 'b\n$$$$\n']);
    expect(splitSdfRecords('a\n$$$$\r\nb\n')).toEqual(['a\n$$$$\r\n', 'b\n$$$$\n']);
    expect(splitSdfRecords('  \n')).toEqual([]);
  });

  it('scores 1,000 poses in chunks into one CSV with one row per record, errors included, in order', async () => {
    const progress: BatchProgress[] = [];
    const run = await startBatchScoring(queue, dir, {
      protein: { text: pocketPdb() },
      ligands: { text: poses(1000, [7, 512]) },
      chunkSize: 128,
    });
    run.on('progress', (p) => progress.push(p));
    const summary = await run.done;
    expect(summary).toMatchObject({ state: 'completed', total: 1000, rows: 1000, errors: 2, chunks: 8 });
    const lines = readFileSync(summary.outPath, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('index,name,pK,kcalPerMol,error');
    expect(lines).toHaveLength(1001);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(rows[7]?.[2]).toBe('');
    expect(rows[7]?.slice(4).join(',')).toMatch(
      /SDF_RECORD_SKIPPED.*expected a coordinate for atom x, got "+x.yz"+ \(not a number\)/,
    );
    expect(rows[8]?.[1]).toBe('pose-8');
    expect(Number(rows[8]?.[2])).toBeGreaterThan(2);
    // The same ligand scores the same in every chunk.
    expect(rows[3]?.[2]).toBe(rows[999]?.[2]);
    expect(progress.at(-1)).toMatchObject({ done: 1000, fraction: 1, etaSeconds: 0 });
  });

  it('writes JSON when asked, and cancels a running batch', async () => {
    const small = await startBatchScoring(queue, dir, {
      protein: { text: pocketPdb() },
      ligands: { text: poses(10) },
      chunkSize: 4,
      format: 'json',
    });
    const s = await small.done;
    const parsed = JSON.parse(readFileSync(s.outPath, 'utf8')) as { index: number; pK: number }[];
    expect(parsed.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const big = await startBatchScoring(queue, dir, {
      protein: { text: pocketPdb() },
      ligands: { text: poses(6000) },
      chunkSize: 100,
    });
    await big.cancel();
    const c = await big.done;
    expect(c.state).toBe('cancelled');
    expect(c.rows).toBeLessThan(6000);
  });

  it('scores the SD files of a tar.gz archive in path order, ignoring other entries', async () => {
    const tar = (await import('tar-stream')).default;
    const { gzipSync } = await import('node:zlib');
    const pack = tar.pack();
    const chunks: Buffer[] = [];
    pack.on('data', (c: unknown) => void chunks.push(c as Buffer));
    const ended = new Promise<void>((r) => pack.on('end', () => r()));
    pack.entry({ name: 'poses/b.sdf' }, poses(3).replace(/pose-/g, 'b-'));
    pack.entry({ name: 'README.txt' }, 'not poses');
    pack.entry({ name: 'poses/a.sdf' }, poses(2).replace(/pose-/g, 'a-'));
    pack.finalize();
    await ended;
    const run = await startBatchScoring(queue, dir, {
      protein: { text: pocketPdb() },
      ligands: { archive: gzipSync(Buffer.concat(chunks)) },
      chunkSize: 2,
    });
    const s = await run.done;
    expect(s).toMatchObject({ state: 'completed', total: 5, rows: 5, errors: 0 });
    const names = readFileSync(s.outPath, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[1]);
    expect(names).toEqual(['a-0', 'a-1', 'b-0', 'b-1', 'b-2']);
    await expect(
      startBatchScoring(queue, dir, {
        protein: { text: pocketPdb() },
        ligands: { archive: gzipSync(Buffer.alloc(1024)) },
      }),
    ).rejects.toMatchObject({ code: 'BATCH_INPUT_INVALID' });
  });

  it('refuses empty input and a chunk whose shared file was half copied', async () => {
    await expect(
      startBatchScoring(queue, dir, { protein: { text: pocketPdb() }, ligands: { text: '' } }),
    ).rejects.toMatchObject({ code: 'BATCH_INPUT_INVALID' });
    const blobs = new ContentStore(dir);
    const { sha256 } = await blobs.put('whole content');
    writeFileSync(blobs.path(sha256), 'whole con');
    await expect(blobs.read(sha256)).rejects.toMatchObject({ code: 'CONTENT_MISMATCH' });
    await expect(blobs.read('f'.repeat(64))).rejects.toMatchObject({ code: 'CONTENT_MISSING' });
  });
});
