/** Regression figures as a model card stores them: finite numbers only (a card's metric sets reject NaN). */
import type { RegressionMetrics } from './metrics.js';

/**
 * The finite figures of `m` (`n`, `rmse`, `pearson`, ...); a figure that is undefined for these rows (NaN, e.g. a
 * Pearson of constant predictions) is left out rather than written as a number it is not.
 *
 * @example
 * card.metrics.validation = cardFigures(regressionMetrics(pred, pK));
 */
export function cardFigures(m: RegressionMetrics): Record<string, number> {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)));
}
