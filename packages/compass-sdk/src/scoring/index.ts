/** Scoring: the predictor contract and the built-in AutoDock Vina scorer used as the always-available fallback. */
export * from './errors.js';
export * from './predictor.js';
export * from './vina/index.js';
export * from './vina-predictor.js';
