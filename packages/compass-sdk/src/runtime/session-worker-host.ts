/** A worker thread that hosts sessions: the caller's thread stays responsive while models run. */
import type { Worker } from 'node:worker_threads';
import { EventEmitter } from 'eventemitter3';
import { moduleUrl } from './module-url.js';
import { startModuleWorker } from './module-worker.js';
import { RuntimeError, type RuntimeErrorCode } from './errors.js';
import type { TensorMap } from './host-tensor.js';
import type { ProviderName, ProviderWarning, SessionSettings } from './providers.js';
import type { ModelSession } from './session.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

/** Events of a {@link SessionWorker}. */
export interface SessionWorkerEvents {
  /** A requested provider was missing and a fallback runs instead. */
  warning: (w: ProviderWarning) => void;
  /** The worker thread failed; every pending call rejects. */
  error: (e: RuntimeError) => void;
}

type Pending = { resolve: (r: WorkerReply & { ok: true }) => void; reject: (e: RuntimeError) => void };
type Distributive<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The session worker: `session-worker.js` beside the bundle (or under `runtime/`), else the `.ts` source. */
const SESSION_WORKER = {
  built: ['./session-worker.js', './runtime/session-worker.js'],
  source: './session-worker.ts',
} as const;

/**
 * Owns one worker thread with any number of sessions. Emits `warning` and `error` ({@link SessionWorkerEvents}).
 * Call {@link SessionWorker.terminate} when done.
 *
 * @example
 * ```ts
 * const worker = new SessionWorker();
 * const session = await worker.createSession(program.onnx, { provider: 'auto' });
 * console.log(session.provider); // 'cpu' on a machine without CUDA or a WebGPU adapter
 * const out = await session.run(feeds);
 * await worker.terminate();
 * ```
 */
export class SessionWorker extends EventEmitter<SessionWorkerEvents> {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: RuntimeError | undefined;

  constructor() {
    super();
    this.worker = startModuleWorker(moduleUrl(), SESSION_WORKER);
    this.worker.on('message', (r: WorkerReply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (r.ok) p.resolve(r);
      else p.reject(new RuntimeError(r.code as RuntimeErrorCode, r.message));
    });
    this.worker.on('error', (e) =>
      this.fail(
        new RuntimeError('RUNTIME_WORKER_FAILED', `session worker failed: ${e.message}`, { cause: e }),
      ),
    );
    this.worker.on('exit', (code) =>
      this.fail(new RuntimeError('RUNTIME_CLOSED', `session worker exited (${code})`)),
    );
  }

  /** `Trainer.create(program, params, { factory: worker.factory })` runs the trainer's session in this worker. */
  readonly factory = (onnx: Uint8Array, settings: SessionSettings): Promise<ModelSession> =>
    this.createSession(onnx, settings);

  /** Creates a session inside the worker; fallback warnings are emitted as `warning` events. */
  async createSession(onnx: Uint8Array, settings: SessionSettings = {}): Promise<ModelSession> {
    const r = await this.call({ type: 'open', onnx, settings });
    for (const w of r.warnings ?? []) this.emit('warning', w);
    return new WorkerSession(
      this,
      r.session!,
      r.provider!,
      r.warnings ?? [],
      r.inputNames ?? [],
      r.outputNames ?? [],
    );
  }

  /** Stops the thread; pending calls reject with RUNTIME_CLOSED. */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  /** @internal */
  call(req: Distributive<WorkerRequest>): Promise<WorkerReply & { ok: true }> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...req, id });
    });
  }

  private fail(e: RuntimeError): void {
    this.dead ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    if (e.code === 'RUNTIME_WORKER_FAILED' && this.listenerCount('error') > 0) this.emit('error', e);
  }
}

class WorkerSession implements ModelSession {
  constructor(
    private readonly host: SessionWorker,
    private readonly id: number,
    readonly provider: ProviderName,
    readonly warnings: readonly ProviderWarning[],
    readonly inputNames: readonly string[],
    readonly outputNames: readonly string[],
  ) {}

  async run(feeds: TensorMap): Promise<TensorMap> {
    return (await this.host.call({ type: 'run', session: this.id, feeds })).outputs ?? {};
  }

  async release(): Promise<void> {
    await this.host.call({ type: 'release', session: this.id });
  }
}
