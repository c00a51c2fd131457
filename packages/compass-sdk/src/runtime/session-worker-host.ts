/** A worker thread that hosts sessions: the caller's thread stays responsive while models run. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { EventEmitter } from 'eventemitter3';
import { moduleUrl } from './module-url.js';
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

/**
 * The parent's Node flags minus `--input-type`, which a worker inherits by default but refuses for a file entry
 * (it is set when the caller's own script came from `node -e` or stdin).
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--input-type') i++;
    else if (!argv[i]!.startsWith('--input-type=')) out.push(argv[i]!);
  }
  return out;
}

/**
 * Starts the worker: the built `.js` beside this module, or (running from source under tsx or vitest) the `.ts`
 * entry loaded after registering tsx's loader inside the new thread, since a worker does not inherit it.
 */
function startWorker(): Worker {
  const here = moduleUrl();
  for (const candidate of ['./session-worker.js', './runtime/session-worker.js']) {
    const url = new URL(candidate, here);
    if (existsSync(fileURLToPath(url))) return new Worker(url, { execArgv: workerExecArgv() });
  }
  // tsx's ESM api (the CommonJS build cannot register the loader from an eval'd worker).
  const tsx = pathToFileURL(
    createRequire(here)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const entry = new URL('./session-worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(entry)}));`;
  return new Worker(boot, { eval: true });
}

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
    this.worker = startWorker();
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
