/** Scoring: the built-in AutoDock Vina scorer used as the always-available fallback. */
export * from './errors.js';
export * from './vina/index.js';
export * from './vina-predictor.js';
