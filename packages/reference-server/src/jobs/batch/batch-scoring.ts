/** Batch scoring as a job: one protein, many poses, split into chunk jobs that any number of workers score. */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importArchive } from '@compass/sdk/engine';
import { EventEmitter } from 'eventemitter3';
import { ContentStore } from '../../storage/postgres/content-store.js';
import { ScaleError } from '../errors.js';
import { FINAL_JOB_STATES, type JobEvent, type JobInfo, type JobQueue } from '../job.js';
import { ResultWriter, type BatchResultFormat } from './result-writer.js';
import { chunkResultPath, type ScoreChunkData, type ScoreRow } from './score-chunk.js';
import { splitSdfRecords } from './sdf-records.js';

/** What to score. Give each input as text or as a path. */
export interface BatchScoringInput {
  readonly protein: { readonly text: string } | { readonly path: string };
  /**
   * A multi-record SD file of poses, or an archive (zip, tar, tar.gz) of SD files, read in path order and
   * extracted with the SDK's limits (file count, size, compression ratio; unsafe entries skipped).
   */
  readonly ligands:
    { readonly text: string } | { readonly path: string } | { readonly archive: string | Buffer };
  /** Poses per chunk job (default 500). */
  readonly chunkSize?: number;
  readonly format?: BatchResultFormat;
  /** Result file (default `<dataDir>/batches/<id>/results.<format>`). */
  readonly outPath?: string;
  readonly batchId?: string;
  /** Runs per chunk when workers die or a chunk fails (default 3). */
  readonly attempts?: number;
}

/** Where a batch stands; `etaSeconds` is null until some poses are done. */
export interface BatchProgress {
  readonly batchId: string;
  readonly total: number;
  readonly done: number;
  readonly fraction: number;
  readonly etaSeconds: number | null;
}

/** How a batch ended. */
export interface BatchSummary {
  readonly batchId: string;
  readonly state: 'completed' | 'cancelled';
  readonly total: number;
  readonly rows: number;
  readonly errors: number;
  readonly chunks: number;
  readonly outPath: string;
  readonly seconds: number;
}

/** Events of a {@link BatchScoringRun}. */
export interface BatchScoringEvents {
  progress: (p: BatchProgress) => void;
}

interface Chunk {
  readonly jobId: string;
  readonly data: ScoreChunkData;
  fraction: number;
  final: boolean;
}

/**
 * One running batch, coordinated by the server that submitted it: it tracks chunk jobs through the queue's events
 * (with a slow poll as a safety net), writes finished chunks to the result in input order and reports progress
 * with an ETA (`progress` events). Each chunk's rows are stored under (batch, chunk), so a retried chunk replaces
 * its rows and the result holds exactly one row per input record: a score or that record's error.
 */
export class BatchScoringRun extends EventEmitter<BatchScoringEvents> {
  /** Resolves when every chunk is written, or after {@link BatchScoringRun.cancel}. */
  readonly done: Promise<BatchSummary>;
  private readonly started = Date.now();
  private next = 0;
  private errors = 0;
  private cancelled = false;
  private settle!: (s: BatchSummary) => void;
  private fail!: (e: unknown) => void;
  private readonly listener = (e: JobEvent) => this.onEvent(e);
  private poll: NodeJS.Timeout | undefined;
  private flushing = Promise.resolve();

  constructor(
    private readonly queue: JobQueue,
    private readonly dataDir: string,
    readonly batchId: string,
    readonly total: number,
    private readonly chunks: Chunk[],
    private readonly writer: ResultWriter,
  ) {
    super();
    this.done = new Promise((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
    });
    this.done.catch(() => undefined);
    queue.on('event', this.listener);
    this.poll = setInterval(() => void this.sweep(), 2000);
  }

  /** Current progress. */
  progress(): BatchProgress {
    const done = this.chunks.reduce((n, c) => n + c.data.count * (c.final ? 1 : c.fraction), 0);
    const fraction = this.total === 0 ? 1 : done / this.total;
    const elapsed = (Date.now() - this.started) / 1000;
    return {
      batchId: this.batchId,
      total: this.total,
      done: Math.round(done),
      fraction,
      etaSeconds:
        fraction > 0 && fraction < 1 ? (elapsed * (1 - fraction)) / fraction : fraction >= 1 ? 0 : null,
    };
  }

  /** Stops every unfinished chunk and resolves `done` as cancelled; the partial result is deleted. */
  async cancel(): Promise<void> {
    if (this.cancelled) return;
    this.cancelled = true;
    await Promise.all(
      this.chunks.filter((c) => !c.final).map((c) => this.queue.stop(c.jobId).catch(() => undefined)),
    );
    this.end();
    await this.writer.abandon();
    this.settle(this.summary('cancelled'));
  }

  /** Submits every chunk (called once by {@link startBatchScoring}). */
  async submitAll(attempts: number): Promise<void> {
    for (const c of this.chunks) {
      await this.queue.submit({ kind: 'score-chunk', id: c.jobId, data: c.data, attempts });
    }
    if (this.chunks.length === 0) this.flush();
  }

  private onEvent(e: JobEvent): void {
    const c = this.chunkOf(e.jobId);
    if (!c || c.final) return;
    if (e.type === 'progress') {
      c.fraction = e.progress;
      this.emit('progress', this.progress());
    } else if (e.type === 'end') {
      void this.queue.get(e.jobId).then((info) => info && this.settleChunk(c, info));
    }
  }

  private async sweep(): Promise<void> {
    for (const c of this.chunks) {
      if (c.final || this.cancelled) continue;
      const info = await this.queue.get(c.jobId).catch(() => undefined);
      if (info && FINAL_JOB_STATES.includes(info.state)) this.settleChunk(c, info);
    }
  }

  private chunkOf(jobId: string): Chunk | undefined {
    if (!jobId.startsWith(`${this.batchId}-c`)) return undefined;
    return this.chunks[Number(jobId.slice(this.batchId.length + 2))];
  }

  private settleChunk(c: Chunk, info: JobInfo): void {
    if (c.final || this.cancelled || !FINAL_JOB_STATES.includes(info.state)) return;
    if (info.state === 'stopped') return void this.cancel();
    c.final = true;
    if (info.state === 'failed') c.fraction = -1;
    this.emit('progress', this.progress());
    this.flush();
  }

  /** Writes every finished chunk at the head of the order; chained so writes never interleave. */
  private flush(): void {
    this.flushing = this.flushing
      .then(async () => {
        while (this.next < this.chunks.length && this.chunks[this.next]!.final && !this.cancelled) {
          const c = this.chunks[this.next]!;
          const rows = c.fraction === -1 ? this.failedRows(c) : await this.readRows(c);
          this.errors += rows.filter((r) => r.error !== null).length;
          await this.writer.write(rows);
          this.next++;
        }
        if (this.next === this.chunks.length && !this.cancelled) {
          this.end();
          await this.writer.finish();
          this.settle(this.summary('completed'));
        }
      })
      .catch((e: unknown) => {
        this.end();
        this.fail(e);
      });
  }

  private async readRows(c: Chunk): Promise<ScoreRow[]> {
    const rows = JSON.parse(
      await readFile(chunkResultPath(this.dataDir, this.batchId, c.data.chunk), 'utf8'),
    ) as ScoreRow[];
    if (rows.length !== c.data.count) {
      throw new ScaleError(
        'JOB_FAILED',
        `chunk ${c.data.chunk} has ${rows.length} rows for ${c.data.count} records`,
      );
    }
    return rows;
  }

  private failedRows(c: Chunk): ScoreRow[] {
    return Array.from({ length: c.data.count }, (_, i) => ({
      index: c.data.firstIndex + i,
      name: '',
      pK: null,
      kcalPerMol: null,
      error: `chunk ${c.data.chunk} failed on every attempt`,
    }));
  }

  private end(): void {
    this.queue.off('event', this.listener);
    clearInterval(this.poll);
  }

  private summary(state: BatchSummary['state']): BatchSummary {
    return {
      batchId: this.batchId,
      state,
      total: this.total,
      rows: this.writer.rows,
      errors: this.errors,
      chunks: this.chunks.length,
      outPath: this.writer.path,
      seconds: (Date.now() - this.started) / 1000,
    };
  }
}

const text = async (src: { text: string } | { path: string }): Promise<string> =>
  'text' in src ? src.text : readFile(src.path, 'utf8');

/** The SD files of an archive, concatenated in path order. */
async function archiveText(archive: string | Buffer, dataDir: string): Promise<string> {
  await mkdir(join(dataDir, 'batches'), { recursive: true });
  const tmp = await mkdtemp(join(dataDir, 'batches', 'extract-'));
  try {
    const report = await importArchive(archive, tmp);
    const files = report.files
      .map((f) => f.path)
      .filter((p) => /\.sdf$/i.test(p))
      .sort();
    if (files.length === 0) throw new ScaleError('BATCH_INPUT_INVALID', 'the archive holds no .sdf file');
    const parts = await Promise.all(files.map((f) => readFile(join(tmp, f), 'utf8')));
    return parts.map((p) => (p.endsWith('\n') ? p : `${p}\n`)).join('');
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Splits the poses into chunks, stores the protein and each chunk in the shared content store (workers verify the
 * hashes) and queues one `score-chunk` job per chunk.
 *
 * @example
 * const run = await startBatchScoring(queue, dataDir, { protein: { path: 'pocket.pdb' }, ligands: { path: 'poses.sdf' } });
 * run.on('progress', (p) => console.log(p.done, p.etaSeconds));
 * const summary = await run.done;
 */
export async function startBatchScoring(
  queue: JobQueue,
  dataDir: string,
  input: BatchScoringInput,
): Promise<BatchScoringRun> {
  const chunkSize = input.chunkSize ?? 500;
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new ScaleError('BATCH_INPUT_INVALID', `chunkSize must be a positive integer, got ${chunkSize}`);
  const batchId = input.batchId ?? `batch-${randomUUID()}`;
  const format = input.format ?? 'csv';
  const blobs = new ContentStore(dataDir);
  const protein = await blobs.put(await text(input.protein));
  const ligands = input.ligands;
  const records = splitSdfRecords(
    'archive' in ligands ? await archiveText(ligands.archive, dataDir) : await text(ligands),
  );
  if (records.length === 0)
    throw new ScaleError('BATCH_INPUT_INVALID', 'the ligand file holds no SD records');
  const dir = join(dataDir, 'batches', batchId);
  await mkdir(dir, { recursive: true });
  const chunks: Chunk[] = [];
  for (let first = 0, i = 0; first < records.length; first += chunkSize, i++) {
    const part = records.slice(first, first + chunkSize);
    const blob = await blobs.put(part.join(''));
    chunks.push({
      jobId: `${batchId}-c${i}`,
      data: {
        batchId,
        chunk: i,
        firstIndex: first,
        count: part.length,
        proteinSha256: protein.sha256,
        ligandsSha256: blob.sha256,
      },
      fraction: 0,
      final: false,
    });
  }
  await writeFile(
    join(dir, 'manifest.json'),
    JSON.stringify({ batchId, total: records.length, format, chunks: chunks.map((c) => c.data) }),
  );
  const writer = new ResultWriter(input.outPath ?? join(dir, `results.${format}`), format);
  const run = new BatchScoringRun(queue, dataDir, batchId, records.length, chunks, writer);
  await run.submitAll(input.attempts ?? 3);
  return run;
}
