/**
 * RF-Score behind the AffinityPredictor contract: rfscore-v1 features computed in JS (each protein prepared once),
 * the tree ensemble run by onnxruntime, with dynamic batching and per-item errors.
 */
import { DynamicBatcher, type Pending } from '../predictor/batcher.js';
import { PredictorError } from '../predictor/errors.js';
import { abortable, predictionsOrThrow } from '../predictor/outcomes.js';
import type { PredictionOutcome } from '../predictor/compass-predictor.js';
import { hostTensor, type TensorMap } from '../runtime/host-tensor.js';
import type { ProviderName, ProviderWarning } from '../runtime/providers.js';
import { createLocalSession, type ModelSession } from '../runtime/session.js';
import type {
  AffinityPrediction,
  AffinityPredictor,
  ComplexInput,
  PredictOptions,
} from '../predictor/contract.js';
import type { LigandRecord } from '../structure/formats.js';
import type { PdbStructure } from '../structure/pdb/schema.js';
import { isRfScoreError } from './errors.js';
import {
  RFSCORE_FEATURE_COUNT,
  RFSCORE_LIGAND_ELEMENTS,
  RfScoreReceptor,
  rfScoreFeatures,
} from './features.js';
import { loadRfScorePackage, type LoadedRfScorePackage, type RfScoreCard } from './model-package.js';
import { RFSCORE_ONNX_NAMES } from './onnx-export.js';

/** Options of {@link RfScorePredictor.load}. */
export interface RfScorePredictorOptions {
  /** Most complexes per session run (default 256). */
  readonly maxBatchSize?: number;
  /** Longest wait for more requests before a partial batch runs (default 1 ms). */
  readonly maxQueueDelayMs?: number;
  /** Intra-op threads of the session (default 1: tree ensembles gain little from more on small batches). */
  readonly intraOpThreads?: number;
  /** Receives provider fallback warnings (default `process.emitWarning`). */
  readonly onWarning?: (w: ProviderWarning) => void;
}

interface Job {
  readonly features: Float64Array;
  readonly id: string | undefined;
  readonly warnings: readonly string[];
}

const COUNTED = new Set(RFSCORE_LIGAND_ELEMENTS);

/**
 * Predicts pK with an RF-Score package. A forest's `uncertainty` is the standard deviation of its trees' values
 * (pK units). `details` carries the 36 `features` and `provider`. Concurrent `predict` calls share session runs;
 * an input that cannot be featurised fails alone (PREDICTOR_BAD_INPUT).
 *
 * @example
 * const rf = await RfScorePredictor.load('packages/compass-sdk/models/rf-score');
 * const { pK, uncertainty } = await rf.predict({ protein: parsePdb(pdbText), ligand: parseSdf(sdfText).records[0]! });
 * await rf.close();
 */
export class RfScorePredictor implements AffinityPredictor<PdbStructure, LigandRecord> {
  /** The model card id, reported as each prediction's `model`. */
  readonly name: string;
  // A protein seen once is counted directly (cropped to the ligand's box); from its second ligand on it is binned
  // once and kept, which is what screening many poses against one receptor wants.
  private readonly receptors = new WeakMap<object, RfScoreReceptor | 'seen'>();
  private readonly batcher: DynamicBatcher<Job, AffinityPrediction>;
  private closed = false;
  private readonly maxBatch: number;

  private constructor(
    readonly pkg: LoadedRfScorePackage,
    private readonly session: ModelSession,
    opts: RfScorePredictorOptions,
  ) {
    this.name = pkg.card.id;
    this.maxBatch = Math.max(1, opts.maxBatchSize ?? 256);
    this.batcher = new DynamicBatcher(this.maxBatch, Math.max(0, opts.maxQueueDelayMs ?? 1), (items) =>
      this.runBatch(items),
    );
  }

  /**
   * Load an RF-Score package and open its session on the CPU.
   *
   * @throws {ModelPackageError} when the package is missing or invalid; {@link RuntimeError} when no session opens.
   */
  static async load(dir: string, opts: RfScorePredictorOptions = {}): Promise<RfScorePredictor> {
    const pkg = await loadRfScorePackage(dir);
    const session = await createLocalSession(pkg.onnx, {
      provider: 'cpu',
      intraOpThreads: opts.intraOpThreads ?? 1,
    });
    const warn = opts.onWarning ?? ((w: ProviderWarning) => process.emitWarning(w.message, { code: w.code }));
    session.warnings.forEach(warn);
    return new RfScorePredictor(pkg, session, opts);
  }

  /** The model card. */
  get card(): RfScoreCard {
    return this.pkg.card;
  }

  /** The provider that runs the model. */
  get provider(): ProviderName {
    return this.session.provider;
  }

  /** The prepared receptor of a protein, built on first call and kept per protein object. */
  receptor(protein: PdbStructure): RfScoreReceptor {
    const r = this.receptors.get(protein);
    if (r instanceof RfScoreReceptor) return r;
    const built = RfScoreReceptor.fromPdb(protein);
    this.receptors.set(protein, built);
    return built;
  }

  private featuresOf(protein: PdbStructure, ligand: LigandRecord): Float64Array {
    const r = this.receptors.get(protein);
    if (r === undefined) {
      this.receptors.set(protein, 'seen');
      return rfScoreFeatures(protein, ligand);
    }
    return this.receptor(protein).features(ligand);
  }

  /** Predict one complex; concurrent calls share session runs. */
  async predict(input: ComplexInput, options: PredictOptions = {}): Promise<AffinityPrediction> {
    if (this.closed) throw new PredictorError('PREDICTOR_CLOSED', 'the predictor was closed');
    options.signal?.throwIfAborted();
    const job = this.prepare(input);
    return abortable(this.batcher.submit(job), options.signal);
  }

  /** Predict complexes in input order; rejects with the first failing item's error (see predictBatchSettled). */
  async predictBatch(
    inputs: readonly ComplexInput[],
    options: PredictOptions = {},
  ): Promise<AffinityPrediction[]> {
    return predictionsOrThrow(await this.predictBatchSettled(inputs, options));
  }

  /**
   * Predict complexes in input order, one outcome per item: a failing item never sinks the rest. Featurises the
   * list and runs it in chunks of `maxBatchSize`; the signal is checked between items and chunks.
   */
  async predictBatchSettled(
    inputs: readonly ComplexInput[],
    options: PredictOptions = {},
  ): Promise<PredictionOutcome[]> {
    if (this.closed) throw new PredictorError('PREDICTOR_CLOSED', 'the predictor was closed');
    // The whole list is known: featurise it here and run it in chunks, without the batcher's queue and timer.
    const outcomes = new Array<PredictionOutcome>(inputs.length);
    const fail = (i: number) => (e: unknown) =>
      (outcomes[i] = { ok: false, error: e instanceof Error ? e : new Error(String(e)) });
    const jobs: Pending<Job, AffinityPrediction>[] = [];
    for (let i = 0; i < inputs.length; i++) {
      options.signal?.throwIfAborted();
      try {
        jobs.push({
          input: this.prepare(inputs[i]!),
          enqueuedAt: 0,
          resolve: (prediction) => (outcomes[i] = { ok: true, prediction }),
          reject: fail(i),
        });
      } catch (e) {
        fail(i)(e);
      }
    }
    for (let s = 0; s < jobs.length; s += this.maxBatch) {
      options.signal?.throwIfAborted();
      await this.runBatch(jobs.slice(s, s + this.maxBatch));
    }
    return outcomes;
  }

  /** Finish queued work, then free the session. Later calls reject with PREDICTOR_CLOSED. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.batcher.drain();
    await this.session.release();
  }

  private prepare(input: ComplexInput): Job {
    const ligand = input.ligand as Partial<LigandRecord> | undefined;
    if (!ligand?.atoms || typeof ligand.atoms.count !== 'number')
      throw new PredictorError('PREDICTOR_BAD_INPUT', 'the ligand is not a parsed ligand record', {
        details: { id: input.id },
      });
    const protein = input.protein as Partial<PdbStructure> | undefined;
    if (!protein?.atoms || typeof protein.atoms.count !== 'number')
      throw new PredictorError('PREDICTOR_BAD_INPUT', 'the protein is not a parsed PDB structure', {
        details: { id: input.id },
      });
    let features: Float64Array;
    try {
      features = this.featuresOf(input.protein, ligand as LigandRecord);
    } catch (e) {
      if (!isRfScoreError(e)) throw e;
      throw new PredictorError('PREDICTOR_BAD_INPUT', e.message, { cause: e, details: { id: input.id } });
    }
    const warnings: string[] = [];
    const other = new Set<string>();
    const { atomicNumber, element } = ligand.atoms;
    for (let i = 0; i < ligand.atoms.count; i++)
      if (atomicNumber[i]! > 1 && !COUNTED.has(atomicNumber[i]!))
        other.add(element[i] ?? String(atomicNumber[i]));
    if (other.size > 0)
      warnings.push(`ligand elements not counted by RF-Score v1: ${[...other].sort().join(', ')}`);
    if (features.every((v) => v === 0))
      warnings.push(
        'no counted ligand atom lies within 12 A of a protein C, N, O or S atom: all features are 0',
      );
    return { features, id: input.id, warnings };
  }

  private async runBatch(items: Pending<Job, AffinityPrediction>[]): Promise<void> {
    const n = items.length;
    const pK = new Float32Array(n);
    let spread: Float32Array | undefined;
    try {
      // One session run for the whole batch: onnxruntime walks a forest fastest on runs of 32 rows or more
      // (about 17,000 distinct rows/s on one thread against 9,400 on runs of 16; bench/rfscore.bench.ts).
      const x = new Float32Array(n * RFSCORE_FEATURE_COUNT);
      items.forEach((p, i) => x.set(p.input.features, i * RFSCORE_FEATURE_COUNT));
      const out: TensorMap = await this.session.run({
        [RFSCORE_ONNX_NAMES.input]: hostTensor('float32', [n, RFSCORE_FEATURE_COUNT], x),
      });
      pK.set(out[RFSCORE_ONNX_NAMES.pK]!.data as Float32Array);
      const u = out[RFSCORE_ONNX_NAMES.uncertainty]?.data as Float32Array | undefined;
      if (u) spread = u;
    } catch (e) {
      for (const p of items)
        p.reject(
          new PredictorError('PREDICTOR_RUN_FAILED', `model run failed: ${(e as Error).message}`, {
            cause: e,
          }),
        );
      return;
    }
    items.forEach((p, i) => {
      const v = pK[i]!;
      if (!Number.isFinite(v)) {
        p.reject(
          new PredictorError('PREDICTOR_NON_FINITE', `the model gave a non-finite output (${v})`, {
            details: { id: p.input.id },
          }),
        );
        return;
      }
      p.resolve({
        pK: v,
        ...(spread ? { uncertainty: spread[i]! } : {}),
        model: this.name,
        ...(p.input.id !== undefined ? { id: p.input.id } : {}),
        warnings: p.input.warnings,
        details: { features: Array.from(p.input.features), provider: this.session.provider },
      });
    });
  }
}
