/** The BullMQ engine, server side: submits jobs to Redis, relays control requests and every worker's events. */
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { EventEmitter } from 'eventemitter3';
import { Redis } from 'ioredis';
import { ScaleError } from '../errors.js';
import {
  FINAL_JOB_STATES,
  type JobAttempt,
  type JobControl,
  type JobEvent,
  type JobInfo,
  type JobQueue,
  type JobQueueEvents,
  type JobSpec,
  type JobState,
} from '../job.js';
import { waitForJob } from '../wait-for-job.js';
import {
  DEFAULT_QUEUE_NAME,
  bullConnection,
  isStoppedResult,
  redisNames,
  redisOptions,
  type RedisNames,
} from './redis-keys.js';

/** Options of {@link BullJobQueue.open}. */
export interface BullJobQueueOptions {
  /** BullMQ queue name (default `compass-jobs`); workers must use the same. */
  readonly queueName?: string;
}

/**
 * {@link JobQueue} on BullMQ: jobs wait in Redis until a `compass-worker` takes one. Every server instance opened
 * on the same Redis and queue name receives every job's events (Redis pub/sub for progress, logs and metrics;
 * BullMQ QueueEvents for completion), and any of them can pause, resume or stop any job.
 *
 * @example
 * const queue = await BullJobQueue.open('redis://redis:6379');
 * const id = await queue.submit({ kind: 'train', data: { taskId } });
 */
export class BullJobQueue extends EventEmitter<JobQueueEvents> implements JobQueue {
  readonly engine = 'bullmq' as const;
  private closed = false;

  private constructor(
    private readonly queue: Queue,
    private readonly queueEvents: QueueEvents,
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly names: RedisNames,
  ) {
    super();
  }

  /** Connects to Redis and starts relaying events. */
  static async open(redisUrl: string, options: BullJobQueueOptions = {}): Promise<BullJobQueue> {
    const name = options.queueName ?? DEFAULT_QUEUE_NAME;
    const connection = redisOptions(redisUrl);
    const names = redisNames(name);
    const redis = new Redis(connection);
    const subscriber = new Redis(connection);
    const queue = new Queue(name, { connection: bullConnection(redisUrl) });
    const queueEvents = new QueueEvents(name, { connection: bullConnection(redisUrl) });
    // A Redis outage must not crash the server through an unhandled 'error' event; calls fail and reconnect.
    queue.on('error', () => undefined);
    queueEvents.on('error', () => undefined);
    redis.on('error', () => undefined);
    subscriber.on('error', () => undefined);
    const q = new BullJobQueue(queue, queueEvents, redis, subscriber, names);
    await Promise.all([queue.waitUntilReady(), queueEvents.waitUntilReady()]);
    await subscriber.subscribe(names.events);
    subscriber.on('message', (_channel: string, message: string) =>
      q.emit('event', JSON.parse(message) as JobEvent),
    );
    const ended = (jobId: string) => void q.emitEndFromRedis(jobId);
    queueEvents.on('completed', ({ jobId }) => ended(jobId));
    queueEvents.on('failed', ({ jobId }) => ended(jobId));
    return q;
  }

  async submit<D>(spec: JobSpec<D>): Promise<string> {
    if (this.closed) throw new ScaleError('QUEUE_CLOSED', 'the job queue is closed');
    const id = spec.id ?? randomUUID();
    const existing = await this.queue.getJob(id);
    if (existing) {
      if (!FINAL_JOB_STATES.includes(await this.stateOf(id))) return id;
      await existing.remove();
    }
    const n = this.names;
    await this.redis.del(n.controlKey(id), n.attempts(id), n.owner(id), n.paused(id), n.final(id));
    await this.queue.add(
      spec.kind,
      { data: spec.data, checkpointKey: spec.checkpointKey ?? id },
      { jobId: id, attempts: spec.attempts ?? 3, removeOnComplete: false, removeOnFail: false },
    );
    await this.publish({ type: 'state', jobId: id, state: 'waiting' });
    return id;
  }

  async get(id: string): Promise<JobInfo | undefined> {
    const final = await this.redis.get(this.names.final(id));
    if (final) return JSON.parse(final) as JobInfo;
    const job = await this.queue.getJob(id);
    if (!job) return undefined;
    const state = await this.stateOf(id);
    const attempts = (await this.redis.lrange(this.names.attempts(id), 0, -1)).map(
      (a) => JSON.parse(a) as JobAttempt,
    );
    const progress = typeof job.progress === 'number' ? job.progress : 0;
    const result = state === 'completed' ? (job.returnvalue as unknown) : undefined;
    return {
      id,
      kind: job.name,
      state,
      progress: state === 'completed' ? 1 : progress,
      attempts,
      ...(result !== undefined && result !== null ? { result } : {}),
      ...(state === 'failed' && job.failedReason ? { error: job.failedReason } : {}),
    };
  }

  async pause(id: string): Promise<void> {
    await this.control(id, 'pause');
  }

  async resume(id: string): Promise<void> {
    await this.control(id, 'resume');
  }

  async stop(id: string): Promise<void> {
    const info = await this.get(id);
    if (!info) throw new ScaleError('JOB_NOT_FOUND', `job ${id} not found`, { details: { id } });
    if (FINAL_JOB_STATES.includes(info.state)) return;
    await this.control(id, 'stop');
    if (info.state !== 'waiting') return;
    // Not held by any worker: take it out of the queue. remove() fails if a worker grabbed it meanwhile; then the
    // control request above reaches that worker instead.
    const job = await this.queue.getJob(id);
    const removed = await job?.remove().then(
      () => true,
      () => false,
    );
    if (!removed) return;
    const stopped: JobInfo = { ...info, state: 'stopped' };
    await this.redis.set(this.names.final(id), JSON.stringify(stopped));
    await this.publish({ type: 'end', jobId: id, state: 'stopped' });
  }

  async hasCheckpoint(key: string): Promise<boolean> {
    return (await this.redis.exists(this.names.checkpoint(key))) === 1;
  }

  wait(id: string, timeoutMs?: number): Promise<JobInfo> {
    return waitForJob(this, id, timeoutMs);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([this.queueEvents.close(), this.queue.close()]);
    this.subscriber.disconnect();
    this.redis.disconnect();
  }

  private async stateOf(id: string): Promise<JobState> {
    const job = await this.queue.getJob(id);
    if (!job) return 'stopped';
    const s = await job.getState();
    if (s === 'completed') return isStoppedResult(job.returnvalue) ? 'stopped' : 'completed';
    if (s === 'failed') return 'failed';
    if (s === 'active') return (await this.redis.exists(this.names.paused(id))) === 1 ? 'paused' : 'active';
    return 'waiting';
  }

  private async control(id: string, action: JobControl): Promise<void> {
    const n = this.names;
    if (!(await this.queue.getJob(id)) && !(await this.redis.exists(n.final(id))))
      throw new ScaleError('JOB_NOT_FOUND', `job ${id} not found`, { details: { id } });
    // A stop is final: a later pause or resume must not undo it for a worker that picks the job up afterwards.
    if (action === 'stop') await this.redis.set(n.controlKey(id), 'stop');
    else
      await this.redis.eval(
        "if redis.call('GET', KEYS[1]) ~= 'stop' then redis.call('SET', KEYS[1], ARGV[1]) end",
        1,
        n.controlKey(id),
        action,
      );
    await this.redis.publish(n.control, JSON.stringify({ jobId: id, action }));
  }

  private async publish(e: JobEvent): Promise<void> {
    await this.redis.publish(this.names.events, JSON.stringify(e));
  }

  private async emitEndFromRedis(jobId: string): Promise<void> {
    const info = await this.get(jobId).catch(() => undefined);
    if (!info || !FINAL_JOB_STATES.includes(info.state)) return;
    this.emit('event', {
      type: 'end',
      jobId,
      state: info.state as 'completed' | 'failed' | 'stopped',
      ...(info.result !== undefined ? { result: info.result } : {}),
      ...(info.error !== undefined ? { error: info.error } : {}),
    });
  }
}
