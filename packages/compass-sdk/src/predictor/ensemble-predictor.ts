/**
 * Several model packages as one predictor, of one architecture or of several (a GIGN ensemble with RF-Score): the
 * members' weighted mean pK (equal weights unless given), and their weighted standard deviation as the uncertainty.
 */
import { createHash } from 'node:crypto';
import type { AffinityPrediction, AffinityPredictor, ComplexInput, PredictOptions } from './contract.js';
import type { CompassPredictorOptions, PredictionOutcome } from './compass-predictor.js';
import { PredictorError } from './errors.js';
import { loadPredictor, type PackagePredictor } from './load-predictor.js';
import { settleAll } from './outcomes.js';

/** Options of {@link EnsemblePredictor.load}: every member's predictor options, and the members' weights. */
export interface EnsembleOptions extends CompassPredictorOptions {
  /** One non-negative weight per package, in order (normalised to sum 1); equal weights when left out. */
  readonly weights?: readonly number[];
}

/** The weights normalised to sum 1, checked against the member count. */
function normalisedWeights(n: number, weights: readonly number[] | undefined): number[] {
  if (!weights) return Array.from({ length: n }, () => 1 / n);
  if (weights.length !== n)
    throw new PredictorError('PREDICTOR_BAD_INPUT', `${weights.length} weights for ${n} ensemble members`, {
      details: { weights: weights.length, members: n },
    });
  const bad = weights.findIndex((w) => !Number.isFinite(w) || w < 0);
  if (bad >= 0)
    throw new PredictorError(
      'PREDICTOR_BAD_INPUT',
      `ensemble weight ${bad + 1} is ${weights[bad]}: weights must be finite and >= 0`,
      { details: { member: bad } },
    );
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) throw new PredictorError('PREDICTOR_BAD_INPUT', 'the ensemble weights sum to 0');
  return weights.map((w) => w / sum);
}

/**
 * An ensemble of package predictors (GIGN, ViSNet or RF-Score, mixed freely). Each member prepares the complex its
 * own way and batches its own calls; `pK` is the weighted mean `sum w_i pK_i` and `uncertainty` the members'
 * weighted standard deviation (reliability weights, `sqrt(sum w_i (pK_i - pK)^2 / (1 - sum w_i^2))`: the sample
 * standard deviation when the weights are equal). `details.members` lists each member's id, weight and pK. The
 * name is `ensemble-` + a hash of the member ids (and of the weights, when they are not equal).
 *
 * @example
 * const ens = await EnsemblePredictor.load(['models/a', 'models/b', 'models/c']);
 * const mixed = await EnsemblePredictor.load([bundledModelDir(), rfScoreDir], { weights: [0.8, 0.2] });
 * const { pK, uncertainty } = await ens.predict({ protein, ligand });
 */
export class EnsemblePredictor implements AffinityPredictor {
  readonly name: string;
  /** Each member's weight, normalised to sum 1. */
  readonly weights: readonly number[];

  /** @throws {PredictorError} PREDICTOR_BAD_INPUT for no members or bad weights. */
  constructor(
    readonly members: readonly PackagePredictor[],
    weights?: readonly number[],
  ) {
    if (members.length === 0)
      throw new PredictorError('PREDICTOR_BAD_INPUT', 'an ensemble needs at least one model');
    this.weights = normalisedWeights(members.length, weights);
    const ids = members.map((m) => m.name);
    const key = weights ? `${ids.join('+')}@${this.weights.join(',')}` : ids.join('+');
    this.name = `ensemble-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
  }

  /**
   * Load every package in `dirs` with the predictor its architecture needs ({@link loadPredictor}), the same
   * options for each, and `opts.weights`.
   */
  static async load(dirs: readonly string[], opts: EnsembleOptions = {}): Promise<EnsemblePredictor> {
    const { weights, ...each } = opts;
    normalisedWeights(dirs.length, weights); // bad weights fail before any session opens
    const members: PackagePredictor[] = [];
    try {
      for (const d of dirs) members.push(await loadPredictor(d, each));
    } catch (e) {
      await Promise.all(members.map((m) => m.close()));
      throw e;
    }
    return new EnsemblePredictor(members, weights);
  }

  /** Predict one complex with every member. */
  async predict(input: ComplexInput, options: PredictOptions = {}): Promise<AffinityPrediction> {
    const out = await Promise.all(this.members.map((m) => m.predict(input, options)));
    const w = this.weights;
    const ks = out.map((p) => p.pK);
    const mean = ks.reduce((a, k, i) => a + w[i]! * k, 0);
    const w2 = w.reduce((a, v) => a + v * v, 0);
    const variance = w2 < 1 ? ks.reduce((a, k, i) => a + w[i]! * (k - mean) ** 2, 0) / (1 - w2) : 0;
    return {
      pK: mean,
      uncertainty: Math.sqrt(variance),
      model: this.name,
      ...(input.id !== undefined ? { id: input.id } : {}),
      warnings: [...new Set(out.flatMap((p) => p.warnings))],
      details: { members: out.map((p, i) => ({ model: p.model, weight: w[i]!, pK: p.pK })) },
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
