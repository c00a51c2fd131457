/** The `compass-worker` command: pulls training and batch-scoring jobs from Redis and runs them here. */
import { cpus } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { createBuiltinJobHandlers } from '../jobs/builtin-handlers.js';
import { registerModelPackage } from '../jobs/register-model.js';
import type { JobHandlers } from '../jobs/job.js';
import { DEFAULT_QUEUE_NAME } from '../jobs/bull/redis-keys.js';
import { createStorage, storageEngine } from '../storage/postgres/create-storage.js';
import type { Storage } from '../storage/storage.js';
import { QueueWorker } from './queue-worker.js';

/** What the program needs from its process, so tests can run it in-process. */
export interface WorkerProgramIo {
  out(text: string): void;
  onSignal(signal: 'SIGTERM' | 'SIGINT', handler: () => void): void;
}

const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

async function loadHandlers(module: string | undefined, builtins: JobHandlers): Promise<JobHandlers> {
  if (!module) return builtins;
  const url = isAbsolute(module) || module.startsWith('.') ? pathToFileURL(resolve(module)).href : module;
  return ((await import(url)) as { jobHandlers: JobHandlers }).jobHandlers;
}

/**
 * Builds the `compass-worker` program. On start it prints one JSON line declaring itself (id, execution provider,
 * device, queue); on SIGTERM or SIGINT it finishes the jobs in hand and exits.
 *
 * @example
 * compass-worker --queue redis://redis:6379 --data-dir /mnt/compass --provider cuda --device cuda:0
 */
export function buildWorkerProgram(io: WorkerProgramIo): Command {
  return new Command('compass-worker')
    .description('Run COMPASS training and batch-scoring jobs from a Redis queue')
    .requiredOption('--queue <url>', 'Redis URL of the job queue (redis://host:6379)')
    .requiredOption('--data-dir <dir>', 'data directory shared with the servers')
    .option(
      '--store <url>',
      'shared store (postgres://... or sqlite:PATH): trained models are registered there',
    )
    .option('--queue-name <name>', 'BullMQ queue name', DEFAULT_QUEUE_NAME)
    .option('--id <name>', 'worker id (default: random)')
    .option('--provider <name>', 'execution provider this worker runs models on', 'cpu')
    .option('--device <name>', 'device in words (default: cpu:<cores>)')
    .option('--concurrency <n>', 'jobs at once', positiveInt, 1)
    .option(
      '--lock-ms <ms>',
      "job lock duration: a dead worker's job is retried after about this long",
      positiveInt,
      30_000,
    )
    .option('--stalled-ms <ms>', 'how often to look for jobs of dead workers (default lock/2)', positiveInt)
    .option('--handlers <module>', 'module exporting jobHandlers (default: built-in train and score-chunk)')
    .action(async (opts: Record<string, string | number | undefined>) => {
      let storage: Storage | undefined;
      if (opts.store) {
        // Fail fast on a wrong store URL rather than on the first job that needs it.
        storage = await createStorage(String(opts.store));
        await storage.countActiveKeys();
      }
      const dataDir = resolve(String(opts.dataDir));
      // With a store, models trained here are registered in it, so every server lists them at once.
      const builtins = createBuiltinJobHandlers(
        storage ? { registerModel: (dir) => registerModelPackage(storage as Storage, dataDir, dir) } : {},
      );
      const worker = new QueueWorker({
        redisUrl: String(opts.queue),
        queueName: String(opts.queueName),
        dataDir,
        handlers: await loadHandlers(opts.handlers as string | undefined, builtins),
        identity: {
          ...(opts.id ? { id: String(opts.id) } : {}),
          provider: String(opts.provider),
          device: opts.device ? String(opts.device) : `cpu:${cpus().length}`,
        },
        concurrency: Number(opts.concurrency),
        lockDurationMs: Number(opts.lockMs),
        ...(opts.stalledMs ? { stalledIntervalMs: Number(opts.stalledMs) } : {}),
      });
      worker.on('attempt', (a) => io.out(`${JSON.stringify({ event: 'attempt', ...a })}\n`));
      worker.on('finished', (jobId, state, error) =>
        io.out(`${JSON.stringify({ event: 'finished', jobId, state, ...(error ? { error } : {}) })}\n`),
      );
      await worker.start();
      io.out(
        `${JSON.stringify({
          event: 'ready',
          worker: worker.identity.id,
          provider: worker.identity.provider,
          device: worker.identity.device,
          queue: String(opts.queueName),
          store: opts.store ? storageEngine(String(opts.store)) : null,
          pid: process.pid,
        })}\n`,
      );
      await new Promise<void>((done) => {
        const stop = () =>
          void worker.close().then(async () => {
            await storage?.close();
            done();
          });
        io.onSignal('SIGTERM', stop);
        io.onSignal('SIGINT', stop);
      });
    });
}
