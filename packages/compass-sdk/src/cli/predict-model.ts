/** Shared by `predict` and `batch`: open the model(s) named on the command line, reporting provider fallbacks. */
import { isCompassError } from '../errors.js';
import { bundledModelDir } from '../model-package/bundled.js';
import type { PredictionOutcome } from '../predictor/compass-predictor.js';
import { loadPredictor } from '../predictor/load-predictor.js';
import { EnsemblePredictor } from '../predictor/ensemble-predictor.js';
import type { ComplexInput } from '../predictor/contract.js';
import type { CliIO } from './io.js';

/** What the commands need of a predictor. */
export interface CliPredictor {
  readonly name: string;
  predictBatchSettled(inputs: readonly ComplexInput[]): Promise<PredictionOutcome[]>;
  close(): Promise<void>;
}

/** Flags common to the prediction commands. */
export interface ModelFlags {
  model?: string[];
  provider?: string;
}

/** Exit code of a usage error. */
export const EXIT_USAGE = 2;
/** Exit code when some records were predicted and some failed. */
export const EXIT_PARTIAL = 3;

/**
 * One `--model` folder gives its architecture's predictor ({@link loadPredictor}), several an
 * {@link EnsemblePredictor}; none gives the bundled default (the GIGN ensemble). A provider fallback is printed on stderr.
 */
export async function openCliPredictor(flags: ModelFlags, io: CliIO, command: string): Promise<CliPredictor> {
  const provider = flags.provider === 'cuda' ? 'cuda' : 'cpu';
  const dirs = flags.model && flags.model.length > 0 ? flags.model : [bundledModelDir()];
  const opts = {
    provider,
    onWarning: (w: { message: string }) =>
      io.err(`compass ${command}: warning: ${w.message}; running on CPU`),
  } as const;
  if (dirs.length === 1) return loadPredictor(dirs[0]!, opts);
  return EnsemblePredictor.load(dirs, opts);
}

/** Print a typed error (and JSON when asked); returns exit code 1, rethrows anything else. */
export function reportCliError(e: unknown, io: CliIO, command: string, json?: boolean): number {
  if (!isCompassError(e)) throw e;
  if (json) io.out(JSON.stringify({ error: { code: e.code, message: e.message, details: e.details } }));
  io.err(`compass ${command}: ${e.message} [${e.code}]`);
  return 1;
}

/** A `--provider` value check; returns an error text or undefined. */
export function checkProvider(p: string | undefined): string | undefined {
  return p === undefined || p === 'cpu' || p === 'cuda'
    ? undefined
    : `--provider must be cpu or cuda, got "${p}"`;
}

/** The code of an error, for per-record reports. */
export function errorCode(e: Error): string {
  return isCompassError(e) ? e.code : 'PREDICTION_FAILED';
}
