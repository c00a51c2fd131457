/** The built-in Vina model scored in worker threads, so a request's scoring never blocks the server's event loop. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  CompassError,
  VinaPredictor,
  type AffinityPrediction,
  type AffinityPredictor,
  type ComplexInput,
} from '@compass/sdk';
import { moduleUrl } from '../../jobs/module-url.js';
import { predictSettled, type RecordOutcome } from '../predict-settled.js';
import { type ScoreReply, type ScoreRequest, type WireError } from './protocol.js';

/** Options of {@link VinaThreadPredictor}. */
export interface VinaThreadOptions {
  /** Scoring threads (default: the cores less one, 1 to 4). */
  readonly threads?: number;
  /** Longest one request may score before its thread is stopped and its records fail (default 60 s). */
  readonly timeoutMs?: number;
  /** Told once when no thread can start (a build without the thread entry): scoring then runs in-process. */
  readonly onFallback?: (error: Error) => void;
}

interface Pending {
  /** Inputs in the request: a failed request gives each of them the error. */
  readonly count: number;
  readonly resolve: (outcomes: RecordOutcome[]) => void;
  readonly timer: NodeJS.Timeout;
}

interface Thread {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
}

/** Where the thread entry is: the built `.js` beside this bundle, or the `.ts` source (run under tsx). */
function startWorker(): Worker {
  // moduleUrl() is the bundle (dist/index.js, dist/cli.js) when built, src/jobs/module-url.ts from source.
  const here = moduleUrl();
  const built = new URL('./inference/vina-thread/vina-thread-entry.js', here);
  if (existsSync(fileURLToPath(built))) return new Worker(built);
  const source = new URL('../inference/vina-thread/vina-thread-entry.ts', here);
  if (!existsSync(fileURLToPath(source)))
    throw new Error('the Vina thread entry is not in this build (vina-thread-entry.js)');
  // From source (vitest, tsx): a worker does not inherit the loader, so it registers tsx first.
  const tsx = pathToFileURL(
    createRequire(here)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(source.href)}));`;
  return new Worker(boot, { eval: true });
}

function fromWire(e: WireError): Error {
  return e.code ? new CompassError(e.code, e.message) : new Error(e.message);
}

/**
 * An AffinityPredictor named like the sdk's VinaPredictor (`vina-1.2`, per-atom shares on) whose parsing-free
 * scoring runs in a small pool of worker threads: parsed structures are structured-cloned over, each request goes to
 * the thread with the least work, and SDK errors come back with their codes (as plain `CompassError`s). A request
 * still scoring after `timeoutMs` fails with PREDICTOR_RUN_FAILED and its thread is replaced, so one pathological
 * input cannot hold a thread for ever. Threads start on first use and do not keep the process alive.
 */
export class VinaThreadPredictor implements AffinityPredictor {
  readonly name = 'vina-1.2';
  private readonly threads: (Thread | undefined)[];
  private readonly timeoutMs: number;
  private nextId = 0;
  private closed = false;
  private inProcess: AffinityPredictor | undefined;

  constructor(options: VinaThreadOptions = {}) {
    const n = options.threads ?? Math.min(4, Math.max(1, availableParallelism() - 1));
    this.threads = Array.from({ length: Math.max(1, n) }, () => undefined);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.onFallback = options.onFallback;
  }

  private readonly onFallback: ((error: Error) => void) | undefined;

  /** Starts one thread now (the first request then pays no start-up), resolving once it is ready. */
  async warm(): Promise<void> {
    const t = this.thread(0);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: unknown) => {
        if (m !== 'ready') return;
        t.worker.off('message', onMessage);
        resolve();
      };
      t.worker.on('message', onMessage);
      t.worker.once('error', reject);
    });
  }

  async predict(input: ComplexInput): Promise<AffinityPrediction> {
    const [outcome] = await this.predictBatchSettled([input]);
    if (!outcome!.ok) throw outcome!.error;
    return outcome!.prediction;
  }

  async predictBatch(inputs: readonly ComplexInput[]): Promise<AffinityPrediction[]> {
    const outcomes = await this.predictBatchSettled(inputs);
    const bad = outcomes.find((o) => !o.ok);
    if (bad && !bad.ok) throw bad.error;
    return outcomes.map((o) => (o as { prediction: AffinityPrediction }).prediction);
  }

  /** Scores `inputs` in one thread, one outcome per input in order. */
  predictBatchSettled(inputs: readonly ComplexInput[]): Promise<RecordOutcome[]> {
    if (this.closed) {
      const error = new CompassError('PREDICTOR_CLOSED', 'the vina predictor is closed');
      return Promise.resolve(inputs.map(() => ({ ok: false as const, error })));
    }
    if (this.inProcess) return predictSettled(this.inProcess, inputs);
    const index = this.leastBusy();
    let t: Thread;
    try {
      t = this.thread(index);
    } catch (e) {
      this.inProcess = new VinaPredictor({ perAtom: true }) as unknown as AffinityPredictor;
      this.onFallback?.(e as Error);
      return predictSettled(this.inProcess, inputs);
    }
    const id = this.nextId++;
    return new Promise<RecordOutcome[]>((resolve) => {
      const timer = setTimeout(() => {
        const error = new CompassError(
          'PREDICTOR_RUN_FAILED',
          `vina scoring took longer than ${this.timeoutMs} ms and was stopped`,
        );
        this.fail(index, error);
      }, this.timeoutMs);
      timer.unref();
      t.pending.set(id, { count: inputs.length, resolve, timer });
      const request: ScoreRequest = {
        id,
        inputs: inputs.map((i) => ({
          protein: i.protein,
          ligand: i.ligand,
          ...(i.id !== undefined ? { id: i.id } : {}),
        })),
      };
      t.worker.postMessage(request);
    });
  }

  /** Stops every thread; later calls fail with PREDICTOR_CLOSED. */
  async close(): Promise<void> {
    this.closed = true;
    this.threads.forEach((_t, i) =>
      this.fail(i, new CompassError('PREDICTOR_CLOSED', 'the vina predictor was closed')),
    );
  }

  private leastBusy(): number {
    let best = 0;
    let load = Infinity;
    this.threads.forEach((t, i) => {
      const n = t?.pending.size ?? 0;
      if (n < load) [best, load] = [i, n];
    });
    return best;
  }

  private thread(i: number): Thread {
    const existing = this.threads[i];
    if (existing) return existing;
    const worker = startWorker();
    worker.unref();
    const t: Thread = { worker, pending: new Map() };
    worker.on('message', (m: ScoreReply | 'ready') => {
      if (m === 'ready') return;
      const p = t.pending.get(m.id);
      if (!p) return;
      t.pending.delete(m.id);
      clearTimeout(p.timer);
      p.resolve(m.outcomes.map((o) => (o.ok ? o : { ok: false, error: fromWire(o.error) })));
    });
    const die = (reason: string) =>
      this.threads[i] === t &&
      this.fail(i, new CompassError('PREDICTOR_RUN_FAILED', `the vina scoring thread ${reason}`));
    worker.on('error', (e) => die(`failed: ${e.message}`));
    worker.on('exit', (code) => die(`exited (${code})`));
    this.threads[i] = t;
    return t;
  }

  /** Fails every request of thread `i` with `error` and replaces the thread on next use. */
  private fail(i: number, error: Error): void {
    const t = this.threads[i];
    if (!t) return;
    this.threads[i] = undefined;
    for (const [, p] of t.pending) {
      clearTimeout(p.timer);
      p.resolve(Array.from({ length: p.count }, () => ({ ok: false as const, error })));
    }
    t.pending.clear();
    void t.worker.terminate();
  }
}
