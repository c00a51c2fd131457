/** Predict and batch over the model manager: parse inputs, predict every ligand record, time each phase. */
import { performance } from 'node:perf_hooks';
import { isCompassError } from '@compass/sdk/engine';
import { isServerError, ServerError } from '../errors.js';
import { fromSdkError } from '../http/sdk-errors.js';
import type { InferenceMetrics } from './inference-metrics.js';
import { type LoadedModel, type ModelManager } from './model-manager.js';
import {
  type BatchRequest,
  type BatchResponse,
  type BatchResult,
  type LigandInput,
  type PredictionOut,
  type PredictRequest,
  type PredictResponse,
  type ProteinInput,
  type RecordErrorOut,
} from './schemas.js';
import { predictSettled } from './predict-settled.js';
import { readLigandInput, readProteinInput, type StructureInputOptions } from './structure-input.js';

/** Options of {@link InferenceService}. */
export interface InferenceOptions extends StructureInputOptions {
  /** Most items one batch request may carry (default 256). */
  readonly maxBatchItems?: number;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/**
 * The inference use cases behind the HTTP routes. Each request's ligand records go to the predictor as one
 * `predictBatch` call; concurrent requests are merged into larger batches by the predictor (CompassPredictor's
 * dynamic batching), so the service itself never waits for other requests.
 */
export class InferenceService {
  constructor(
    readonly models: ModelManager,
    private readonly metrics: InferenceMetrics,
    readonly options: InferenceOptions = {},
  ) {}

  /** Most items one batch may carry. */
  get maxBatchItems(): number {
    return this.options.maxBatchItems ?? 256;
  }

  /** Predicts every record of the ligand file against the protein. */
  async predict(req: PredictRequest): Promise<PredictResponse> {
    const t0 = performance.now();
    const model = await this.models.get(req.model);
    const { predictions, errors, parseMs, predictMs } = await this.run(model, req.protein, req.ligand);
    return {
      unit: 'pK',
      model: model.id,
      predictions,
      ...(errors.length > 0 ? { errors } : {}),
      timings: {
        parseMs: round(parseMs),
        predictMs: round(predictMs),
        totalMs: round(performance.now() - t0),
      },
    };
  }

  /** Predicts each item independently; a failing item gets `ok: false` with its error, the others still run. */
  async batch(req: BatchRequest): Promise<BatchResponse> {
    if (req.items.length > this.maxBatchItems) {
      throw new ServerError('BATCH_TOO_LARGE', `a batch may carry at most ${this.maxBatchItems} items`, {
        details: { items: req.items.length, max: this.maxBatchItems },
      });
    }
    const t0 = performance.now();
    const model = await this.models.get(req.model);
    let parseMs = 0;
    let predictMs = 0;
    const results = await Promise.all(
      req.items.map(async (item): Promise<BatchResult> => {
        try {
          const r = await this.run(model, item.protein, item.ligand);
          parseMs += r.parseMs;
          predictMs += r.predictMs;
          return {
            id: item.id,
            ok: true,
            predictions: r.predictions,
            ...(r.errors.length > 0 ? { errors: r.errors } : {}),
          };
        } catch (e) {
          const { code, message } = recordError(e);
          return { id: item.id, ok: false, error: { code, message } };
        }
      }),
    );
    return {
      unit: 'pK',
      model: model.id,
      results,
      timings: {
        parseMs: round(parseMs),
        predictMs: round(predictMs),
        totalMs: round(performance.now() - t0),
      },
    };
  }

  private async run(
    model: LoadedModel,
    proteinIn: ProteinInput,
    ligandIn: LigandInput,
  ): Promise<{
    predictions: PredictionOut[];
    errors: RecordErrorOut[];
    parseMs: number;
    predictMs: number;
  }> {
    const t0 = performance.now();
    const [protein, ligands] = await Promise.all([
      readProteinInput(proteinIn, this.options),
      readLigandInput(ligandIn, this.options),
    ]);
    const t1 = performance.now();
    const outcomes = await predictSettled(
      model.predictor,
      ligands.records.map((ligand) => ({ protein, ligand, id: ligand.name })),
    );
    const t2 = performance.now();
    const predictions: PredictionOut[] = [];
    const errors: RecordErrorOut[] = [];
    outcomes.forEach((o, i) => {
      const record = ligands.records[i]!;
      if (!o.ok) {
        errors.push({ index: record.index, name: record.name, ...recordError(o.error) });
        return;
      }
      const p = o.prediction;
      predictions.push({
        index: record.index,
        name: record.name,
        pK: p.pK,
        uncertainty: p.uncertainty ?? null,
        warnings: [...(predictions.length === 0 ? ligands.warnings : []), ...p.warnings],
        ...ensembleMembers(p.details?.members),
        ...atomContributions(p.details?.perAtom, record.atoms.count),
      });
    });
    // Nothing predicted: the request fails with the first record's error (a typed 4xx for SDK errors; anything
    // else is a bug and stays a logged 500).
    if (predictions.length === 0) throw requestError(outcomes.find((o) => !o.ok)?.error, errors.length);
    this.metrics.predictions.inc({ model: model.id }, predictions.length);
    this.metrics.batches.observe({ model: model.id }, outcomes.length);
    return { predictions, errors, parseMs: t1 - t0, predictMs: t2 - t1 };
  }
}

/** A failed record's or item's error as the response shows it: the server code, the message, the SDK code. */
function recordError(e: unknown): { code: string; message: string; cause?: string } {
  const known = isCompassError(e) ? fromSdkError(e) : isServerError(e) ? e : undefined;
  if (!known) return { code: 'PREDICTION_FAILED', message: e instanceof Error ? e.message : String(e) };
  const cause = known.details?.cause;
  return { code: known.code, message: known.message, ...(typeof cause === 'string' ? { cause } : {}) };
}

/** The error a request fails with when none of its `failed` records could be predicted. */
function requestError(e: unknown, failed: number): unknown {
  const known = isCompassError(e) ? fromSdkError(e) : e;
  if (!isServerError(known) || failed < 2) return known;
  return new ServerError(known.code, `${failed} records, none predicted; the first: ${known.message}`, {
    cause: known.cause,
    details: { ...known.details, failedRecords: failed },
  });
}

/**
 * The scorer's per-atom energies as `atomContributions`, only when they map one to one onto the record's atoms
 * (the Vina typer keeps every input atom in order, hydrogens scoring 0); otherwise nothing.
 */
function atomContributions(perAtom: unknown, atomCount: number): { atomContributions?: number[] } {
  if (!(perAtom instanceof Float64Array) || perAtom.length !== atomCount) return {};
  return { atomContributions: Array.from(perAtom) };
}

/** An ensemble's per-member pK from a prediction's details (CompassPredictor ensembles), when present. */
function ensembleMembers(members: unknown): { members?: { model: string; pK: number }[] } {
  if (!Array.isArray(members)) return {};
  const ok = members.filter(
    (m): m is { model: string; pK: number } =>
      typeof m === 'object' && m !== null && typeof m.model === 'string' && typeof m.pK === 'number',
  );
  return ok.length > 0 ? { members: ok.map((m) => ({ model: m.model, pK: m.pK })) } : {};
}
