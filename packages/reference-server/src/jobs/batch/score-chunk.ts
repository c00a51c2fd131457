/** The `score-chunk` job: scores one chunk of poses against a protein and writes its rows under a key (idempotent). */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parsePdb, parseSdf, VinaPredictor, type VinaReceptor } from '@compass/sdk/engine';
import { z } from 'zod';
import { ContentStore } from '../../storage/postgres/content-store.js';
import type { JobContext } from '../job.js';

/** Input of one chunk. */
export const scoreChunkSchema = z.object({
  batchId: z.string().regex(/^[\w-]{1,100}$/),
  chunk: z.int().min(0),
  firstIndex: z.int().min(0),
  count: z.int().min(0),
  proteinSha256: z.string().length(64),
  ligandsSha256: z.string().length(64),
});

/** Input of one chunk. */
export type ScoreChunkData = z.infer<typeof scoreChunkSchema>;

/** One result row: a score, or the reason this record has none. */
export interface ScoreRow {
  readonly index: number;
  readonly name: string;
  readonly pK: number | null;
  readonly kcalPerMol: number | null;
  readonly error: string | null;
}

/** What a chunk job returns. */
export interface ScoreChunkResult {
  readonly chunk: number;
  readonly rows: number;
  readonly errors: number;
}

/** Where a chunk's rows live, relative to the data directory: one file per (batch, chunk), so a retry overwrites. */
export function chunkResultPath(dataDir: string, batchId: string, chunk: number): string {
  return join(dataDir, 'batches', batchId, `chunk-${String(chunk).padStart(6, '0')}.json`);
}

const predictor = new VinaPredictor();
// Receptors typed once per worker process and protein, since every chunk of a batch shares one protein.
const receptors = new Map<string, VinaReceptor>();

async function receptorFor(blobs: ContentStore, sha: string): Promise<VinaReceptor> {
  let r = receptors.get(sha);
  if (!r) {
    r = predictor.receptor(parsePdb((await blobs.read(sha)).toString('utf8'), { source: sha }));
    receptors.set(sha, r);
  }
  return r;
}

/** Scores every record of the chunk; a record that does not parse or score gets an error row, never a gap. */
export async function scoreChunk(ctx: JobContext<ScoreChunkData>): Promise<ScoreChunkResult> {
  const d = scoreChunkSchema.parse(ctx.data);
  const blobs = new ContentStore(ctx.dataDir);
  const receptor = await receptorFor(blobs, d.proteinSha256);
  const sdf = parseSdf((await blobs.read(d.ligandsSha256)).toString('utf8'), { source: `chunk ${d.chunk}` });
  const byIndex = new Map(sdf.records.map((r) => [r.index, r]));
  const problems = new Map<number, string>();
  for (const diag of sdf.diagnostics) {
    const at = diag.record;
    if (at !== undefined && !problems.has(at)) problems.set(at, `${diag.code}: ${diag.message}`);
  }
  const rows: ScoreRow[] = [];
  let errors = 0;
  for (let i = 0; i < d.count; i++) {
    if (i % 256 === 0) {
      // A macrotask turn, so the queue worker can renew the job's lock during a long CPU-bound chunk.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await ctx.yieldPoint();
      if (i > 0) await ctx.progress(i / d.count);
    }
    const index = d.firstIndex + i;
    const record = byIndex.get(i);
    if (!record) {
      errors++;
      rows.push({
        index,
        name: '',
        pK: null,
        kcalPerMol: null,
        error: problems.get(i) ?? 'record could not be parsed',
      });
      continue;
    }
    try {
      const p = predictor.score({ protein: receptor, ligand: record });
      rows.push({ index, name: record.name, pK: p.pK, kcalPerMol: p.kcalPerMol ?? null, error: null });
    } catch (e) {
      errors++;
      rows.push({
        index,
        name: record.name,
        pK: null,
        kcalPerMol: null,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
  const target = chunkResultPath(ctx.dataDir, d.batchId, d.chunk);
  await mkdir(join(ctx.dataDir, 'batches', d.batchId), { recursive: true });
  // Temp file + rename: readers see the whole chunk or none of it, and a retry replaces rather than appends.
  const tmp = `${target}.${randomUUID()}.tmp`;
  await writeFile(tmp, JSON.stringify(rows));
  await rename(tmp, target);
  await ctx.progress(1);
  return { chunk: d.chunk, rows: rows.length, errors };
}
