/** What every predictor does the same way: honour an AbortSignal on a pending call, and settle a batch in order. */
import type { AffinityPrediction } from './contract.js';
import type { PredictionOutcome } from './compass-predictor.js';

/** `out`, or the signal's reason as soon as it aborts (the work itself is not cancelled). */
export function abortable<T>(out: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return out;
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    out.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** The predictions of settled outcomes in order, or the first failing item's error. */
export function predictionsOrThrow(settled: readonly PredictionOutcome[]): AffinityPrediction[] {
  const bad = settled.find((s) => !s.ok);
  if (bad && !bad.ok) throw bad.error;
  return settled.map((s) => (s as { prediction: AffinityPrediction }).prediction);
}

/** One outcome per promise, in order: a rejected item becomes `{ ok: false, error }`. */
export async function settleAll(items: readonly Promise<AffinityPrediction>[]): Promise<PredictionOutcome[]> {
  const settled = await Promise.allSettled(items);
  return settled.map((s) =>
    s.status === 'fulfilled'
      ? { ok: true, prediction: s.value }
      : { ok: false, error: s.reason instanceof Error ? s.reason : new Error(String(s.reason)) },
  );
}
