/** The BullMQ engine, worker side: pulls jobs from Redis, runs their handlers, reports back, obeys control requests. */
import { randomUUID } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { EventEmitter } from 'eventemitter3';
import { ScaleError } from '../jobs/errors.js';
import { makeJobContext, runAttempt } from '../jobs/job-context.js';
import type { ControlGate } from '../jobs/control-gate.js';
import type { JobAttempt, JobControl, JobEvent, JobHandlers, WorkerIdentity } from '../jobs/job.js';
import {
  DEFAULT_QUEUE_NAME,
  STOPPED_RESULT,
  bullConnection,
  redisNames,
  redisOptions,
  type RedisNames,
} from '../jobs/bull/redis-keys.js';

/** Options of {@link QueueWorker}. */
export interface QueueWorkerOptions {
  readonly redisUrl: string;
  readonly queueName?: string;
  /** Shared data directory handlers read inputs from and write results to. */
  readonly dataDir: string;
  readonly handlers: JobHandlers;
  /** How this worker declares itself (default: a random id, provider `cpu`). */
  readonly identity?: Partial<WorkerIdentity>;
  /** Jobs run at once (default 1). */
  readonly concurrency?: number;
  /** How long a job's lock lasts without renewal; a dead worker's job is retried after about this long (default 30 s). */
  readonly lockDurationMs?: number;
  /** How often workers look for jobs whose holder died (default half the lock duration). */
  readonly stalledIntervalMs?: number;
  /** Times a job may lose its worker before it fails (default 5). */
  readonly maxStalledCount?: number;
}

/** Events of a {@link QueueWorker}: each attempt's start and end, for logs. */
export interface QueueWorkerEvents {
  attempt: (a: JobAttempt & { jobId: string; kind: string }) => void;
  finished: (jobId: string, state: 'completed' | 'stopped' | 'failed', error?: string) => void;
}

type JobPayload = { data: unknown; checkpointKey: string };

// Writes the checkpoint only while this attempt still holds the fencing token, so an attempt that lost its job
// (paused too long, network partition) cannot overwrite the work of the attempt that replaced it.
const FENCED_SET =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[2], ARGV[2]) return 1 end return 0";

/**
 * A `compass-worker`'s engine: a BullMQ Worker with short, renewed locks. A worker killed mid-job stops renewing;
 * another worker's stalled-job check puts the job back and it resumes from its last checkpoint, its attempt
 * recorded. A fencing token in Redis keeps an attempt that lost its job from writing, so a job never runs twice
 * at once.
 *
 * @example
 * const worker = new QueueWorker({ redisUrl, dataDir, handlers: builtinJobHandlers, identity: { provider: 'cpu' } });
 * await worker.start();
 */
export class QueueWorker extends EventEmitter<QueueWorkerEvents> {
  readonly identity: WorkerIdentity;
  private worker: Worker | undefined;
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly names: RedisNames;
  private readonly gates = new Map<string, ControlGate>();
  private crashed = false;

  constructor(private readonly options: QueueWorkerOptions) {
    super();
    this.identity = {
      id: options.identity?.id ?? `worker-${randomUUID().slice(0, 8)}`,
      provider: options.identity?.provider ?? 'cpu',
      device: options.identity?.device ?? 'cpu',
    };
    const connection = redisOptions(options.redisUrl);
    this.redis = new Redis(connection);
    this.subscriber = new Redis(connection);
    this.names = redisNames(options.queueName ?? DEFAULT_QUEUE_NAME);
    // Connection errors surface as failed calls and ioredis reconnects; they must not crash the worker.
    this.redis.on('error', () => undefined);
    this.subscriber.on('error', () => undefined);
  }

  /** Subscribes to control requests and starts taking jobs. */
  async start(): Promise<void> {
    await this.subscriber.subscribe(this.names.control);
    this.subscriber.on('message', (_c: string, m: string) => {
      const { jobId, action } = JSON.parse(m) as { jobId: string; action: JobControl };
      this.gates.get(jobId)?.apply(action);
    });
    const lockDuration = this.options.lockDurationMs ?? 30_000;
    this.worker = new Worker(this.options.queueName ?? DEFAULT_QUEUE_NAME, (job) => this.process(job), {
      connection: bullConnection(this.options.redisUrl),
      concurrency: this.options.concurrency ?? 1,
      lockDuration,
      stalledInterval: this.options.stalledIntervalMs ?? Math.max(500, Math.floor(lockDuration / 2)),
      maxStalledCount: this.options.maxStalledCount ?? 5,
    });
    this.worker.on('error', () => undefined);
    await this.worker.waitUntilReady();
  }

  /** Finishes the jobs in hand, then disconnects. */
  async close(): Promise<void> {
    await this.worker?.close();
    this.subscriber.disconnect();
    this.redis.disconnect();
  }

  /**
   * Tests only: behaves like SIGKILL on this worker. Its jobs stop making progress and reporting, locks are no
   * longer renewed, and nothing is released, so other workers must recover the jobs through stalled-job checks.
   */
  async crash(): Promise<void> {
    this.crashed = true;
    for (const g of this.gates.values()) g.apply('pause');
    await this.worker?.close(true).catch(() => undefined);
    this.subscriber.disconnect();
    this.redis.disconnect();
  }

  private async process(job: Job): Promise<unknown> {
    const n = this.names;
    const id = job.id as string;
    const payload = job.data as JobPayload;
    const count = await this.redis.llen(n.attempts(id));
    const attemptNo = count + 1;
    const token = `${this.identity.id}#${attemptNo}`;
    await this.redis.set(n.owner(id), token);
    const [control, checkpointJson] = await Promise.all([
      this.redis.get(n.controlKey(id)),
      this.redis.get(n.checkpoint(payload.checkpointKey)),
    ]);
    const attempt: JobAttempt = {
      attempt: attemptNo,
      worker: this.identity.id,
      provider: this.identity.provider,
      device: this.identity.device,
      startedAt: new Date().toISOString(),
      resumed: checkpointJson !== null,
    };
    await this.redis.rpush(n.attempts(id), JSON.stringify(attempt));
    this.emit('attempt', { ...attempt, jobId: id, kind: job.name });
    if (control === 'stop') return this.finish(id, STOPPED_RESULT, 'stopped');
    const handler = this.options.handlers[job.name];
    if (!handler) throw new ScaleError('JOB_HANDLER_MISSING', `no handler for job kind ${job.name}`);

    const emit = async (e: JobEvent): Promise<void> => {
      if (this.crashed) return new Promise<void>(() => undefined);
      if (e.type === 'progress') await job.updateProgress(e.progress);
      if (e.type === 'state' && e.state === 'paused') await this.redis.set(n.paused(id), '1');
      if (e.type === 'state' && e.state === 'active') await this.redis.del(n.paused(id));
      await this.redis.publish(n.events, JSON.stringify(e));
    };
    const { ctx, gate } = makeJobContext(
      {
        jobId: id,
        kind: job.name,
        data: payload.data,
        attempt: attemptNo,
        worker: this.identity,
        dataDir: this.options.dataDir,
        checkpoint: checkpointJson === null ? undefined : (JSON.parse(checkpointJson) as unknown),
      },
      {
        emit,
        saveCheckpoint: async (state) => {
          const kept = await this.redis.eval(
            FENCED_SET,
            2,
            n.owner(id),
            n.checkpoint(payload.checkpointKey),
            token,
            JSON.stringify(state),
          );
          if (kept !== 1)
            throw new ScaleError('JOB_SUPERSEDED', `attempt ${token} no longer holds job ${id}`);
        },
      },
    );
    this.gates.set(id, gate);
    if (control === 'pause') gate.apply('pause');
    await emit({ type: 'state', jobId: id, state: 'active', worker: this.identity.id });
    try {
      const outcome = await runAttempt(handler, ctx, gate);
      if (outcome.state === 'stopped') return await this.finish(id, STOPPED_RESULT, 'stopped');
      // A finished job's checkpoint is spent; a resubmission under the same key starts afresh.
      await this.redis.del(n.checkpoint(payload.checkpointKey));
      return await this.finish(id, outcome.result, 'completed');
    } catch (e) {
      this.emit('finished', id, 'failed', e instanceof Error ? e.message : String(e));
      throw e;
    } finally {
      this.gates.delete(id);
      if (!this.crashed) await this.redis.del(n.paused(id));
    }
  }

  private async finish(id: string, result: unknown, state: 'completed' | 'stopped'): Promise<unknown> {
    this.emit('finished', id, state);
    return result;
  }
}
