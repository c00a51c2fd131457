/** Learning-rate schedules: linear warm-up then cosine decay (per step), or reduce-on-plateau (per epoch). */
import type { TrainingConfig } from './config.js';

/** Mutable state of the plateau schedule, saved in checkpoints. */
export interface PlateauState {
  /** Current multiplier of the base learning rate. */
  factor: number;
  best: number;
  badEpochs: number;
}

/** A fresh {@link PlateauState}. */
export function initialPlateau(): PlateauState {
  return { factor: 1, best: Number.POSITIVE_INFINITY, badEpochs: 0 };
}

/**
 * Learning rate at 1-based `step` of a run of `totalSteps` steps with `stepsPerEpoch` steps per epoch.
 * Warm-up rises linearly from lr/steps to lr; cosine then falls to `lr * minFactor` at the last step.
 */
export function learningRateAt(
  config: TrainingConfig,
  step: number,
  stepsPerEpoch: number,
  totalSteps: number,
  plateau: PlateauState,
): number {
  const base = config.learningRate;
  const s = config.schedule;
  if (s.kind === 'constant') return base;
  if (s.kind === 'plateau') return base * plateau.factor;
  const warm = Math.max(0, Math.round(s.warmupEpochs * stepsPerEpoch));
  if (step <= warm) return (base * step) / warm;
  const span = Math.max(1, totalSteps - warm);
  const t = Math.min(1, (step - warm) / span);
  const min = base * s.minFactor;
  return min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * t));
}

/** Updates the plateau state with an epoch's validation loss; returns true when the rate was reduced. */
export function stepPlateau(config: TrainingConfig, plateau: PlateauState, validationLoss: number): boolean {
  if (validationLoss < plateau.best) {
    plateau.best = validationLoss;
    plateau.badEpochs = 0;
    return false;
  }
  plateau.badEpochs++;
  if (plateau.badEpochs < config.schedule.patience) return false;
  plateau.factor *= config.schedule.factor;
  plateau.badEpochs = 0;
  return true;
}
