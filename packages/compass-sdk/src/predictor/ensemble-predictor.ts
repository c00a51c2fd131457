/** Several COMPASS models as one predictor: the mean pK, and the members' standard deviation as the uncertainty. */
import { createHash } from 'node:crypto';
import type {
  AffinityPrediction,
  AffinityPredictor,
  ComplexInput,
  PredictOptions,
} from '../scoring/predictor.js';
import {
  CompassPredictor,
  type CompassPredictorOptions,
  type PredictionOutcome,
} from './compass-predictor.js';
import { PredictorError } from './errors.js';
import { settleAll } from './outcomes.js';

/**
 * An ensemble of {@link CompassPredictor}s. Each member prepares the complex its own way (its pocket radius) and
 * batches its own calls; `pK` is the members' mean and `uncertainty` their sample standard deviation.
 * `details.members` lists each member's id and pK. The ensemble's name is `ensemble-` + a hash of the member ids.
 *
 * @example
 * const ens = await EnsemblePredictor.load(['models/a', 'models/b', 'models/c']);
 * const { pK, uncertainty } = await ens.predict({ protein, ligand });
 */
export class EnsemblePredictor implements AffinityPredictor {
  readonly name: string;

  constructor(readonly members: readonly CompassPredictor[]) {
    if (members.length === 0)
      throw new PredictorError('PREDICTOR_BAD_INPUT', 'an ensemble needs at least one model');
    const ids = members.map((m) => m.name);
    this.name = `ensemble-${createHash('sha256').update(ids.join('+')).digest('hex').slice(0, 12)}`;
  }

  /** Load every package in `dirs` with the same options. */
  static async load(dirs: readonly string[], opts: CompassPredictorOptions = {}): Promise<EnsemblePredictor> {
    const members: CompassPredictor[] = [];
    try {
      for (const d of dirs) members.push(await CompassPredictor.load(d, opts));
    } catch (e) {
      await Promise.all(members.map((m) => m.close()));
      throw e;
    }
    return new EnsemblePredictor(members);
  }

  /** Predict one complex with every member. */
  async predict(input: ComplexInput, options: PredictOptions = {}): Promise<AffinityPrediction> {
    const out = await Promise.all(this.members.map((m) => m.predict(input, options)));
    const ks = out.map((p) => p.pK);
    const mean = ks.reduce((a, b) => a + b, 0) / ks.length;
    const variance = ks.length > 1 ? ks.reduce((a, k) => a + (k - mean) ** 2, 0) / (ks.length - 1) : 0;
    return {
      pK: mean,
      uncertainty: Math.sqrt(variance),
      model: this.name,
      ...(input.id !== undefined ? { id: input.id } : {}),
      warnings: [...new Set(out.flatMap((p) => p.warnings))],
      details: { members: out.map((p) => ({ model: p.model, pK: p.pK })) },
    };
  }

  /** Predict complexes in input order; rejects with the first failing item's error. */
  async predictBatch(
    inputs: readonly ComplexInput[],
    options: PredictOptions = {},
  ): Promise<AffinityPrediction[]> {
    return Promise.all(inputs.map((i) => this.predict(i, options)));
  }

  /** One outcome per item: a failing item never sinks the rest. */
  async predictBatchSettled(
    inputs: readonly ComplexInput[],
    options: PredictOptions = {},
  ): Promise<PredictionOutcome[]> {
    return settleAll(inputs.map((i) => this.predict(i, options)));
  }

  /** Close every member. */
  async close(): Promise<void> {
    await Promise.all(this.members.map((m) => m.close()));
  }
}
