/** Predictions in worker threads (the built-in Vina scorer, or a model package), so they never block the event loop. */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import {
  type AffinityPrediction,
  type AffinityPredictor,
  CompassError,
  type ComplexInput,
  loadPredictor,
  startModuleWorker,
  VinaPredictor,
} from '@compass/sdk/engine';
import { moduleUrl } from '../../jobs/module-url.js';
import { predictSettled, type RecordOutcome } from '../predict-settled.js';
import { type ScoreReply, type ScoreRequest, type ThreadModel, type WireError } from './protocol.js';

/** Options of {@link ThreadedPredictor}. */
export interface ThreadedPredictorOptions {
  /** What the threads predict with (default: the built-in Vina scorer). */
  readonly model?: ThreadModel;
  /** The predictor's name, as each prediction's `model` reports it (default `vina-1.2`; a package's card id). */
  readonly name?: string;
  /** Threads (default: the cores less one, 1 to 4). */
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

/**
 * The prediction thread entry: the built `.js` beside the bundle (dist/index.js, dist/cli.js), or the `.ts` source
 * (moduleUrl() is src/jobs/module-url.ts from source).
 */
const PREDICTOR_THREAD = {
  built: ['./inference/predictor-thread/thread-entry.js'],
  source: '../inference/predictor-thread/thread-entry.ts',
} as const;

function fromWire(e: WireError): Error {
  return e.code ? new CompassError(e.code, e.message) : new Error(e.message);
}

/**
 * An AffinityPredictor whose work runs in a small pool of worker threads: the built-in Vina scorer (named like the
 * sdk's VinaPredictor, `vina-1.2`, per-atom shares on) or a model package (featurisation and the session both in the
 * thread). Parsed structures are structured-cloned over, each request goes to the thread with the least work, and
 * SDK errors come back with their codes (as plain `CompassError`s). A request still running after `timeoutMs` fails
 * with PREDICTOR_RUN_FAILED and its thread is replaced, so one pathological input cannot hold a thread for ever.
 * Threads start on first use and do not keep the process alive.
 */
export class ThreadedPredictor implements AffinityPredictor {
  readonly name: string;
  private readonly model: ThreadModel;
  private readonly threads: (Thread | undefined)[];
  private readonly timeoutMs: number;
  private nextId = 0;
  private closed = false;
  private inProcess: Promise<AffinityPredictor> | undefined;

  constructor(options: ThreadedPredictorOptions = {}) {
    this.model = options.model ?? { kind: 'vina' };
    this.name = options.name ?? 'vina-1.2';
    const n = options.threads ?? Math.min(4, Math.max(1, availableParallelism() - 1));
    this.threads = Array.from({ length: Math.max(1, n) }, () => undefined);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.onFallback = options.onFallback;
  }

  private readonly onFallback: ((error: Error) => void) | undefined;

  /**
   * Starts one thread now (the first request then pays no start-up), resolving once its model is open; rejects
   * with the thread's error when the model cannot be opened there.
   */
  async warm(): Promise<void> {
    let t: Thread;
    try {
      t = this.thread(0);
    } catch (e) {
      await this.fallBack(e as Error);
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: unknown) => {
        if (typeof m === 'object' && m !== null && 'failed' in m) {
          t.worker.off('message', onMessage);
          reject(fromWire((m as { failed: WireError }).failed));
          return;
        }
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
  async predictBatchSettled(inputs: readonly ComplexInput[]): Promise<RecordOutcome[]> {
    if (this.closed) {
      const error = new CompassError('PREDICTOR_CLOSED', `the ${this.name} predictor is closed`);
      return inputs.map(() => ({ ok: false as const, error }));
    }
    if (this.inProcess) return predictSettled(await this.inProcess, inputs);
    const index = this.leastBusy();
    let t: Thread;
    try {
      t = this.thread(index);
    } catch (e) {
      return predictSettled(await this.fallBack(e as Error), inputs);
    }
    const id = this.nextId++;
    return new Promise<RecordOutcome[]>((resolve) => {
      const timer = setTimeout(() => {
        const error = new CompassError(
          'PREDICTOR_RUN_FAILED',
          `${this.name} took longer than ${this.timeoutMs} ms and was stopped`,
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

  /** Stops every thread (and an in-process fallback); later calls fail with PREDICTOR_CLOSED. */
  async close(): Promise<void> {
    this.closed = true;
    this.threads.forEach((_t, i) =>
      this.fail(i, new CompassError('PREDICTOR_CLOSED', `the ${this.name} predictor was closed`)),
    );
    const fallback = (await this.inProcess?.catch(() => undefined)) as
      { close?: () => Promise<void> } | undefined;
    await fallback?.close?.();
  }

  /** No thread can start (a build without the thread entry): predict in-process from now on, and say so once. */
  private fallBack(error: Error): Promise<AffinityPredictor> {
    if (!this.inProcess) {
      const m = this.model;
      this.inProcess =
        m.kind === 'vina'
          ? Promise.resolve(new VinaPredictor({ perAtom: true }) as unknown as AffinityPredictor)
          : loadPredictor(m.dir, m.options);
      this.onFallback?.(error);
    }
    return this.inProcess;
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
    const worker = startModuleWorker(moduleUrl(), PREDICTOR_THREAD, { workerData: { model: this.model } });
    worker.unref();
    const t: Thread = { worker, pending: new Map() };
    worker.on('message', (m: ScoreReply | 'ready' | { failed: WireError }) => {
      if (m === 'ready' || 'failed' in m) return;
      const p = t.pending.get(m.id);
      if (!p) return;
      t.pending.delete(m.id);
      clearTimeout(p.timer);
      p.resolve(m.outcomes.map((o) => (o.ok ? o : { ok: false, error: fromWire(o.error) })));
    });
    const die = (reason: string) =>
      this.threads[i] === t &&
      this.fail(i, new CompassError('PREDICTOR_RUN_FAILED', `the ${this.name} thread ${reason}`));
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
