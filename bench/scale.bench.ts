/**
 * Batch-scoring throughput (poses/s) on the BullMQ engine with 1, 2 and 4 `compass-worker` processes, against
 * scoring the same chunks in-process in the same run, and the queue's overhead per chunk. Starts its own Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BullJobQueue } from '../packages/reference-server/src/jobs/bull/bull-job-queue.js';
import { startBatchScoring } from '../packages/reference-server/src/jobs/batch/batch-scoring.js';
import { scoreChunk, type ScoreChunkData } from '../packages/reference-server/src/jobs/batch/score-chunk.js';
import { splitSdfRecords } from '../packages/reference-server/src/jobs/batch/sdf-records.js';
import { makeJobContext } from '../packages/reference-server/src/jobs/job-context.js';
import { ContentStore } from '../packages/reference-server/src/storage/postgres/content-store.js';
import { pocketPdb, poses } from '../packages/reference-server/test/scale/fixtures.js';
import { servicesUnavailable, startRedis } from '../packages/reference-server/test/scale/services.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const WORKER_CLI = join(ROOT, 'packages/reference-server/src/worker/cli.ts');
const POSES = 20_000;
const CHUNK = 500;

/** Prints poses/s per worker count and the per-chunk queue overhead against in-process scoring. */
export async function run(): Promise<void> {
  if (servicesUnavailable()) return;
  const redis = await startRedis();
  const dataDir = mkdtempSync(join(tmpdir(), 'compass-scale-bench-'));
  try {
    const sdf = poses(POSES);
    const protein = pocketPdb();

    // Baseline: the same chunk handler, called directly in this process on every chunk.
    const blobs = new ContentStore(dataDir);
    const proteinBlob = await blobs.put(protein);
    const records = splitSdfRecords(sdf);
    const chunks: ScoreChunkData[] = [];
    for (let first = 0, i = 0; first < records.length; first += CHUNK, i++) {
      const part = records.slice(first, first + CHUNK);
      const blob = await blobs.put(part.join(''));
      chunks.push({
        batchId: 'inproc',
        chunk: i,
        firstIndex: first,
        count: part.length,
        proteinSha256: proteinBlob.sha256,
        ligandsSha256: blob.sha256,
      });
    }
    const sink = { emit: () => undefined, saveCheckpoint: async () => undefined };
    const worker = { id: 'bench', provider: 'cpu', device: 'cpu' };
    // Warm-up (receptor typing, JIT), then timed.
    await scoreChunk(
      makeJobContext(
        {
          jobId: 'w',
          kind: 'score-chunk',
          data: chunks[0],
          attempt: 1,
          worker,
          dataDir,
          checkpoint: undefined,
        },
        sink,
      ).ctx as never,
    );
    let t0 = performance.now();
    for (const c of chunks) {
      await scoreChunk(
        makeJobContext(
          { jobId: 'x', kind: 'score-chunk', data: c, attempt: 1, worker, dataDir, checkpoint: undefined },
          sink,
        ).ctx as never,
      );
    }
    const inProcMs = performance.now() - t0;
    const perChunkInProc = inProcMs / chunks.length;
    console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), shared with other jobs`);
    console.log(
      `in-process, one thread, ${POSES} poses in chunks of ${CHUNK}: ${((POSES / inProcMs) * 1000).toFixed(0)} poses/s, ${perChunkInProc.toFixed(1)} ms/chunk`,
    );

    for (const n of [1, 2, 4]) {
      const queueName = `bench-${n}`;
      const children = await startWorkersIn(n, redis.url, queueName, dataDir);
      const queue = await BullJobQueue.open(redis.url, { queueName });
      try {
        // Warm each worker (receptor typing, module load) on a small batch first.
        await (
          await startBatchScoring(queue, dataDir, {
            protein: { text: protein },
            ligands: { text: poses(n * 10) },
            chunkSize: 10,
          })
        ).done;
        t0 = performance.now();
        const r = await startBatchScoring(queue, dataDir, {
          protein: { text: protein },
          ligands: { text: sdf },
          chunkSize: CHUNK,
        });
        const s = await r.done;
        const ms = performance.now() - t0;
        const perChunk = (ms * n) / s.chunks;
        console.log(
          `bullmq, ${n} worker${n > 1 ? 's' : ' '}: ${((s.rows / ms) * 1000).toFixed(0)} poses/s (${(ms / 1000).toFixed(2)} s incl. splitting and upload), ` +
            `${perChunk.toFixed(1)} worker-ms/chunk = in-process + ${(perChunk - perChunkInProc).toFixed(1)} ms overhead; speed-up vs in-process ${(inProcMs / ms).toFixed(2)}x`,
        );
        if (n === 1) {
          // Pure queue overhead: 200 one-pose chunks through one worker.
          t0 = performance.now();
          const tiny = await startBatchScoring(queue, dataDir, {
            protein: { text: protein },
            ligands: { text: poses(200) },
            chunkSize: 1,
          });
          await tiny.done;
          console.log(
            `bullmq, 1 worker, 200 one-pose chunks: ${((performance.now() - t0) / 200).toFixed(2)} ms per chunk round trip`,
          );
        }
      } finally {
        await queue.close();
        for (const c of children) c.kill('SIGTERM');
        await Promise.all(
          children.map((c) => new Promise((res) => (c.exitCode !== null ? res(null) : c.once('exit', res)))),
        );
      }
    }
  } finally {
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function startWorkersIn(
  n: number,
  redisUrl: string,
  queueName: string,
  dataDir: string,
): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const child = spawn(
        process.execPath,
        [
          '--conditions=source',
          '--import',
          'tsx',
          WORKER_CLI,
          ...[
            '--queue',
            redisUrl,
            '--queue-name',
            queueName,
            '--data-dir',
            dataDir,
            '--id',
            `bench-${n}-${i}`,
          ],
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      await new Promise<void>((ok, fail) => {
        child.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('"event":"ready"')) ok();
        });
        child.once('exit', (c) => fail(new Error(`worker exited ${c}`)));
      });
      child.stdout?.resume();
      return child;
    }),
  );
}
