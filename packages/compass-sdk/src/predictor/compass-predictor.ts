/** A model package (any architecture) behind the AffinityPredictor contract, with dynamic batching and per-item errors. */
import { paramInput } from '../graph/programs.js';
import type { ModelCard } from '../model-package/card.js';
import { loadModelPackage, type LoadedModelPackage } from '../model-package/load.js';
import type { TensorMap } from '../runtime/host-tensor.js';
import type { ProviderName, ProviderWarning } from '../runtime/providers.js';
import { SessionWorker } from '../runtime/session-worker-host.js';
import { createLocalSession, type ModelSession } from '../runtime/session.js';
import type { AffinityPrediction, AffinityPredictor, ComplexInput, PredictOptions } from './contract.js';
import { DynamicBatcher, type Pending } from './batcher.js';
import { PredictorError } from './errors.js';
import { abortable, predictionsOrThrow, settleAll } from './outcomes.js';
import { modelRunner, type ModelRunner, type PreparedInput, type RunnerOutput } from './model-runner.js';

/** Options of {@link CompassPredictor.load}. */
export interface CompassPredictorOptions {
  /** Execution provider (default 'cpu'). 'cuda' falls back to CPU with a warning when CUDA is missing. */
  readonly provider?: 'cpu' | 'cuda';
  /** Most complexes per session run (default 32). */
  readonly maxBatchSize?: number;
  /** Longest wait for more requests before a partial batch runs (default 2 ms). */
  readonly maxQueueDelayMs?: number;
  /** Intra-op threads of the session (default: onnxruntime's choice). */
  readonly intraOpThreads?: number;
  /** Run the session in a worker thread so the caller's event loop stays free (default false). */
  readonly worker?: boolean;
  /**
   * Receives provider fallback warnings. Default: `process.emitWarning`, so the fallback shows on stderr.
   */
  readonly onWarning?: (w: ProviderWarning) => void;
}

/** One item's outcome in {@link CompassPredictor.predictBatchSettled}. */
export type PredictionOutcome =
  | { readonly ok: true; readonly prediction: AffinityPrediction }
  | { readonly ok: false; readonly error: Error };

interface Job {
  readonly complex: PreparedInput;
  readonly id: string | undefined;
  readonly prepareMs: number;
}

const ms = (t: number): number => Math.round(t * 1000) / 1000;

/**
 * Predicts pK with a model package (GIGN, COMPASS ViSNet). Concurrent `predict` calls are merged into one session run (up to
 * `maxBatchSize` complexes, waiting at most `maxQueueDelayMs`); a complex that cannot be prepared or gives a
 * non-finite output fails alone. An ensemble package gives `uncertainty` (the members' standard deviation) and
 * `details.members` (each member's pK). `details` carries `timings` (prepareMs, queueMs, runMs, batchSize), `atoms`,
 * `ligandAtoms` and `provider`.
 *
 * @example
 * const predictor = await CompassPredictor.load(bundledModelDir(), { maxBatchSize: 32 });
 * const protein = parsePdb(readFileSync('pocket.pdb'));
 * const poses = parseSdf(readFileSync('poses.sdf')).records;
 * const out = await Promise.all(poses.map((ligand) => predictor.predict({ protein, ligand })));
 * await predictor.close();
 */
export class CompassPredictor implements AffinityPredictor {
  /** The model card id: reported as each prediction's `model`. */
  readonly name: string;
  private readonly batcher: DynamicBatcher<Job, AffinityPrediction>;
  private readonly paramFeeds: TensorMap;
  private readonly runner: ModelRunner;
  private closed = false;

  private constructor(
    readonly pkg: LoadedModelPackage,
    private readonly session: ModelSession,
    private readonly worker: SessionWorker | undefined,
    opts: CompassPredictorOptions,
  ) {
    this.name = pkg.card.id;
    this.runner = modelRunner(pkg);
    this.paramFeeds = Object.fromEntries(Object.entries(pkg.params).map(([k, t]) => [paramInput(k), t]));
    this.batcher = new DynamicBatcher(
      Math.max(1, opts.maxBatchSize ?? 32),
      Math.max(0, opts.maxQueueDelayMs ?? 2),
      (items) => this.runBatch(items),
    );
  }

  /**
   * Load a model package (validated by {@link loadModelPackage}) and open its session.
   *
   * @throws {ModelPackageError} when the package is missing or invalid; {@link RuntimeError} when no session opens.
   */
  static async load(dir: string, opts: CompassPredictorOptions = {}): Promise<CompassPredictor> {
    const pkg = await loadModelPackage(dir);
    return CompassPredictor.fromPackage(pkg, opts);
  }

  /** Open a predictor on an already loaded package. */
  static async fromPackage(
    pkg: LoadedModelPackage,
    opts: CompassPredictorOptions = {},
  ): Promise<CompassPredictor> {
    const settings = {
      provider: opts.provider ?? 'cpu',
      ...(opts.intraOpThreads !== undefined ? { intraOpThreads: opts.intraOpThreads } : {}),
    };
    const worker = opts.worker ? new SessionWorker() : undefined;
    let session: ModelSession;
    try {
      session = worker
        ? await worker.createSession(pkg.onnx, settings)
        : await createLocalSession(pkg.onnx, settings);
    } catch (e) {
      await worker?.terminate();
      throw e;
    }
    const warn =
      opts.onWarning ??
      ((w: ProviderWarning) => process.emitWarning(`${w.message}; running on CPU`, { code: w.code }));
    session.warnings.forEach(warn);
    return new CompassPredictor(pkg, session, worker, opts);
  }

  /** The model card. */
  get card(): ModelCard {
    return this.pkg.card;
  }

  /** How many models the package averages (1 for a single model; an ensemble reports an uncertainty). */
  get ensembleSize(): number {
    const a = this.pkg.card.architecture;
    return a.name === 'gign' ? a.hyperParams.members : 1;
  }

  /** The provider that actually runs the model (after any fallback). */
  get provider(): ProviderName {
    return this.session.provider;
  }

  /** Provider fallback warnings raised when the session opened. */
  get providerWarnings(): readonly ProviderWarning[] {
    return this.session.warnings;
  }

  /** Predict one complex; concurrent calls share session runs. */
  async predict(input: ComplexInput, options: PredictOptions = {}): Promise<AffinityPrediction> {
    if (this.closed) throw new PredictorError('PREDICTOR_CLOSED', 'the predictor was closed');
    options.signal?.throwIfAborted();
    const t0 = performance.now();
    const complex = this.runner.prepare(input.protein, input.ligand);
    const job: Job = { complex, id: input.id, prepareMs: performance.now() - t0 };
    return abortable(this.batcher.submit(job), options.signal);
  }

  /** Predict complexes in input order; rejects with the first item's error if any fails (see predictBatchSettled). */
  async predictBatch(
    inputs: readonly ComplexInput[],
    options: PredictOptions = {},
  ): Promise<AffinityPrediction[]> {
    return predictionsOrThrow(await this.predictBatchSettled(inputs, options));
  }

  /** Predict complexes in input order, one outcome per item: a failing item never sinks the rest. */
  async predictBatchSettled(
    inputs: readonly ComplexInput[],
    options: PredictOptions = {},
  ): Promise<PredictionOutcome[]> {
    return settleAll(inputs.map((i) => this.predict(i, options)));
  }

  /** Finish queued work, then free the session (and worker). Later calls reject with PREDICTOR_CLOSED. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.batcher.drain();
    await this.session.release();
    await this.worker?.terminate();
  }

  private async runBatch(items: Pending<Job, AffinityPrediction>[]): Promise<void> {
    const started = performance.now();
    let out: TensorMap;
    try {
      out = await this.session.run({
        ...this.paramFeeds,
        ...this.runner.feeds(items.map((p) => p.input.complex)),
      });
    } catch (e) {
      // A batch-level failure: retry each item alone so only the culprit fails.
      if (items.length > 1) {
        for (const p of items) await this.runBatch([p]);
        return;
      }
      items[0]!.reject(
        new PredictorError('PREDICTOR_RUN_FAILED', `model run failed: ${(e as Error).message}`, { cause: e }),
      );
      return;
    }
    const runMs = performance.now() - started;
    items.forEach((p, i) => {
      const r: RunnerOutput = this.runner.read(out, i);
      if (!Number.isFinite(r.pK)) {
        p.reject(
          new PredictorError('PREDICTOR_NON_FINITE', `the model gave a non-finite output (${r.pK})`, {
            details: { id: p.input.id },
          }),
        );
        return;
      }
      const c = p.input.complex;
      p.resolve({
        pK: r.pK,
        ...(r.uncertainty !== undefined ? { uncertainty: r.uncertainty } : {}),
        model: this.name,
        ...(p.input.id !== undefined ? { id: p.input.id } : {}),
        warnings: c.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message),
        details: {
          atoms: c.numAtoms,
          ligandAtoms: c.numLigandAtoms,
          provider: this.session.provider,
          ...(r.members ? { members: r.members } : {}),
          timings: {
            prepareMs: ms(p.input.prepareMs),
            queueMs: ms(started - p.enqueuedAt),
            runMs: ms(runMs),
            batchSize: items.length,
          },
        },
      });
    });
  }
}
