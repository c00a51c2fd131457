/**
 * The cross-architecture ensemble of the fine-tuning evaluation: pK = (1 - w) GIGN + w RF-Score, one weight for
 * every series, chosen on dev splits (never on held-out halves) by the mean per-series Pearson.
 */
import { regressionMetrics } from '../src/training/metrics.js';

/** Candidate RF-Score weights, 0 (GIGN alone) to 1 (RF-Score alone) in steps of 0.1. */
export const BLEND_WEIGHTS: readonly number[] = Array.from({ length: 11 }, (_, i) => i / 10);

/** One series' dev predictions of the two models and its labels. */
export interface BlendDev {
  readonly gign: readonly number[];
  readonly rf: readonly number[];
  readonly pK: readonly number[];
}

/** `(1 - w) a + w b`, element-wise. */
export function blend(a: readonly number[], b: readonly number[], w: number): number[] {
  if (a.length !== b.length) throw new RangeError(`blend: ${a.length} and ${b.length} predictions`);
  return a.map((v, i) => (1 - w) * v + w * b[i]!);
}

/** Mean per-series Pearson of `(1 - w) gign + w rf` over the series where it is defined. */
export function meanBlendPearson(dev: readonly BlendDev[], w: number): number {
  const r = dev
    .map((d) => regressionMetrics(blend(d.gign, d.rf, w), [...d.pK]).pearson)
    .filter(Number.isFinite);
  return r.reduce((a, b) => a + b, 0) / r.length;
}

/** The weight with the highest mean dev Pearson (the smaller weight on a tie), with every candidate's figure. */
export function chooseBlendWeight(dev: readonly BlendDev[]): {
  weight: number;
  pearson: number;
  curve: { weight: number; pearson: number }[];
} {
  const curve = BLEND_WEIGHTS.map((weight) => ({ weight, pearson: meanBlendPearson(dev, weight) }));
  const best = curve.reduce((a, b) => (b.pearson > a.pearson ? b : a));
  return { ...best, curve };
}
