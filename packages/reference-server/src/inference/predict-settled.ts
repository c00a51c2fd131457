/** One outcome per ligand record from any AffinityPredictor, so one bad record never fails the others. */
import { type AffinityPrediction, type AffinityPredictor, type ComplexInput } from '@compass/sdk/engine';

/** A record's prediction, or the error it failed with. */
export type RecordOutcome =
  | { readonly ok: true; readonly prediction: AffinityPrediction }
  | { readonly ok: false; readonly error: unknown };

interface SettledPredictor {
  predictBatchSettled(inputs: readonly ComplexInput[]): Promise<RecordOutcome[]>;
}

function hasSettled(p: AffinityPredictor): p is AffinityPredictor & SettledPredictor {
  return typeof (p as Partial<SettledPredictor>).predictBatchSettled === 'function';
}

/**
 * Predicts `inputs` in order, one outcome each. Predictors with `predictBatchSettled` (CompassPredictor, ensembles)
 * settle per item themselves; others run as one `predictBatch` (so Vina prepares the receptor once) and, only when
 * that fails, again one record at a time to find which records fail.
 */
export async function predictSettled(
  predictor: AffinityPredictor,
  inputs: readonly ComplexInput[],
): Promise<RecordOutcome[]> {
  if (hasSettled(predictor)) return predictor.predictBatchSettled(inputs);
  try {
    return (await predictor.predictBatch(inputs)).map((prediction) => ({ ok: true, prediction }));
  } catch (e) {
    if (inputs.length === 1) return [{ ok: false, error: e }];
  }
  const settled = await Promise.allSettled(inputs.map((input) => predictor.predict(input)));
  return settled.map((s) =>
    s.status === 'fulfilled' ? { ok: true, prediction: s.value } : { ok: false, error: s.reason as unknown },
  );
}
