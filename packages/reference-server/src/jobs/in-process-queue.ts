/** The default job engine: jobs run in a pool of worker threads inside the server process, retried on a crash. */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { EventEmitter } from 'eventemitter3';
import { ScaleError } from './errors.js';
import {
  FINAL_JOB_STATES,
  type JobAttempt,
  type JobEvent,
  type JobInfo,
  type JobQueue,
  type JobQueueEvents,
  type JobSpec,
  type JobState,
  type WorkerIdentity,
} from './job.js';
import { startJobThread } from './job-thread.js';
import type { FromThread, ToThread } from './thread-protocol.js';
import { waitForJob } from './wait-for-job.js';

/** Options of {@link InProcessJobQueue}. */
export interface InProcessJobQueueOptions {
  /** The data directory handlers see. */
  readonly dataDir: string;
  /** Jobs run at once, one per thread (default: cores - 1, at least 1). */
  readonly threads?: number;
  /** Module exporting `jobHandlers` (path or URL); default the built-in handlers (training, batch scoring). */
  readonly handlersModule?: string;
}

interface Slot {
  readonly name: string;
  readonly thread: Worker;
  job: string | undefined;
}

interface Entry {
  spec: JobSpec & { id: string };
  state: JobState;
  progress: number;
  attempts: JobAttempt[];
  result?: unknown;
  error?: string;
  control: 'run' | 'pause' | 'stop';
}

/**
 * {@link JobQueue} on worker threads of this process: the embedded default, no services needed. A thread that dies
 * mid-job (crash, `terminate`) takes only its job's attempt with it; the job is retried on a fresh thread from its
 * last checkpoint while attempts remain.
 *
 * @example
 * const queue = new InProcessJobQueue({ dataDir, threads: 2 });
 * const id = await queue.submit({ kind: 'score-chunk', data });
 * const info = await queue.wait(id);
 */
export class InProcessJobQueue extends EventEmitter<JobQueueEvents> implements JobQueue {
  readonly engine = 'in-process' as const;
  private readonly jobs = new Map<string, Entry>();
  private readonly waiting: string[] = [];
  private readonly checkpoints = new Map<string, unknown>();
  private readonly slots: Slot[] = [];
  private readonly size: number;
  private readonly handlersModule: string | undefined;
  private readonly identity: Omit<WorkerIdentity, 'id'> = { provider: 'cpu', device: `cpu:${cpus().length}` };
  private closed = false;

  constructor(private readonly options: InProcessJobQueueOptions) {
    super();
    this.size = Math.max(1, options.threads ?? cpus().length - 1);
    const m = options.handlersModule;
    this.handlersModule = m && isAbsolute(m) ? pathToFileURL(m).href : m;
  }

  async submit<D>(spec: JobSpec<D>): Promise<string> {
    if (this.closed) throw new ScaleError('QUEUE_CLOSED', 'the job queue is closed');
    const id = spec.id ?? randomUUID();
    const existing = this.jobs.get(id);
    if (existing && !FINAL_JOB_STATES.includes(existing.state)) return id;
    this.jobs.set(id, { spec: { ...spec, id }, state: 'waiting', progress: 0, attempts: [], control: 'run' });
    this.waiting.push(id);
    this.publish({ type: 'state', jobId: id, state: 'waiting' });
    this.pump();
    return id;
  }

  async get(id: string): Promise<JobInfo | undefined> {
    const e = this.jobs.get(id);
    if (!e) return undefined;
    return {
      id,
      kind: e.spec.kind,
      state: e.state,
      progress: e.progress,
      attempts: [...e.attempts],
      ...(e.result !== undefined ? { result: e.result } : {}),
      ...(e.error !== undefined ? { error: e.error } : {}),
    };
  }

  async pause(id: string): Promise<void> {
    this.control(id, 'pause');
  }

  async resume(id: string): Promise<void> {
    this.control(id, 'resume');
  }

  async stop(id: string): Promise<void> {
    const e = this.require(id);
    if (FINAL_JOB_STATES.includes(e.state)) return;
    if (e.state === 'waiting') {
      this.waiting.splice(this.waiting.indexOf(id), 1);
      this.finish(id, { state: 'stopped' });
      return;
    }
    this.control(id, 'stop');
  }

  async hasCheckpoint(key: string): Promise<boolean> {
    return this.checkpoints.has(key);
  }

  wait(id: string, timeoutMs?: number): Promise<JobInfo> {
    return waitForJob(this, id, timeoutMs);
  }

  /** Ends every thread; running jobs are abandoned. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.splice(0).map((s) => s.thread.terminate()));
  }

  /** Kills the thread running `id` (tests: the in-process counterpart of SIGKILL on a worker). */
  async crashHolderOf(id: string): Promise<void> {
    await this.slots.find((s) => s.job === id)?.thread.terminate();
  }

  private require(id: string): Entry {
    const e = this.jobs.get(id);
    if (!e) throw new ScaleError('JOB_NOT_FOUND', `job ${id} not found`, { details: { id } });
    return e;
  }

  private control(id: string, action: 'pause' | 'resume' | 'stop'): void {
    const e = this.require(id);
    if (FINAL_JOB_STATES.includes(e.state)) return;
    e.control = action === 'resume' ? 'run' : action;
    const slot = this.slots.find((s) => s.job === id);
    slot?.thread.postMessage({ type: 'control', jobId: id, action } satisfies ToThread);
  }

  private publish(event: JobEvent): void {
    const e = this.jobs.get(event.jobId);
    if (e && event.type === 'progress') e.progress = event.progress;
    if (e && event.type === 'state' && !FINAL_JOB_STATES.includes(e.state)) e.state = event.state;
    this.emit('event', event);
  }

  private finish(
    id: string,
    outcome: { state: 'completed' | 'failed' | 'stopped'; result?: unknown; error?: string },
  ): void {
    const e = this.require(id);
    e.state = outcome.state;
    if (outcome.state === 'completed') {
      e.progress = 1;
      // A finished job's checkpoint is spent; a resubmission under the same key starts afresh.
      this.checkpoints.delete(e.spec.checkpointKey ?? id);
    }
    if (outcome.result !== undefined) e.result = outcome.result;
    if (outcome.error !== undefined) e.error = outcome.error;
    this.publish({ type: 'end', jobId: id, ...outcome });
  }

  private pump(): void {
    while (!this.closed && this.waiting.length > 0) {
      const slot = this.slots.find((s) => s.job === undefined) ?? this.addSlot();
      if (!slot) return;
      const id = this.waiting.shift() as string;
      this.dispatch(slot, id);
    }
  }

  private addSlot(): Slot | undefined {
    if (this.slots.length >= this.size) return undefined;
    const slot: Slot = {
      name: `thread-${randomUUID().slice(0, 8)}`,
      thread: startJobThread(this.handlersModule),
      job: undefined,
    };
    slot.thread.on('message', (m: FromThread) => this.onMessage(slot, m));
    slot.thread.on('error', () => undefined);
    slot.thread.on('exit', () => this.onExit(slot));
    this.slots.push(slot);
    return slot;
  }

  private dispatch(slot: Slot, id: string): void {
    const e = this.require(id);
    const key = e.spec.checkpointKey ?? id;
    const attempt: JobAttempt = {
      attempt: e.attempts.length + 1,
      worker: slot.name,
      ...this.identity,
      startedAt: new Date().toISOString(),
      resumed: this.checkpoints.has(key),
    };
    e.attempts.push(attempt);
    slot.job = id;
    this.publish({ type: 'state', jobId: id, state: 'active', worker: slot.name });
    slot.thread.postMessage({
      type: 'run',
      info: {
        jobId: id,
        kind: e.spec.kind,
        data: e.spec.data,
        attempt: attempt.attempt,
        worker: { id: slot.name, ...this.identity },
        dataDir: this.options.dataDir,
        checkpoint: this.checkpoints.get(key),
      },
    } satisfies ToThread);
    // A control request that arrived while the job waited applies as soon as it runs.
    if (e.control !== 'run')
      slot.thread.postMessage({ type: 'control', jobId: id, action: e.control } satisfies ToThread);
  }

  private onMessage(slot: Slot, m: FromThread): void {
    if (m.type === 'ready') return;
    if (m.type === 'event') return this.publish(m.event);
    if (m.type === 'checkpoint') {
      const e = this.jobs.get(m.jobId);
      if (e) this.checkpoints.set(e.spec.checkpointKey ?? m.jobId, m.state);
      return;
    }
    slot.job = undefined;
    if (m.type === 'done') this.finish(m.jobId, m.outcome);
    else this.retryOrFail(m.jobId, m.message);
    this.pump();
  }

  private onExit(slot: Slot): void {
    this.slots.splice(this.slots.indexOf(slot), 1);
    const id = slot.job;
    slot.job = undefined;
    if (id && !this.closed) this.retryOrFail(id, `job thread ${slot.name} exited mid-job`);
    this.pump();
  }

  private retryOrFail(id: string, message: string): void {
    const e = this.jobs.get(id);
    if (!e || FINAL_JOB_STATES.includes(e.state)) return;
    if (e.control === 'stop') return this.finish(id, { state: 'stopped' });
    if (e.attempts.length < (e.spec.attempts ?? 3)) {
      e.state = 'waiting';
      this.waiting.unshift(id);
      this.publish({
        type: 'log',
        jobId: id,
        level: 'warn',
        message: `attempt ${e.attempts.length} failed: ${message}; retrying`,
      });
      this.publish({ type: 'state', jobId: id, state: 'waiting' });
    } else {
      this.finish(id, { state: 'failed', error: message });
    }
  }
}
