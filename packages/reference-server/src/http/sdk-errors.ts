/** The one mapping from @compass/sdk errors (parsers, pockets, featurisers, scorers, predictors) to server errors. */
import { type CompassError } from '@compass/sdk/engine';
import { ServerError, type ServerErrorCode } from '../errors.js';

/** SDK codes that mean the input structure is at fault (INVALID_STRUCTURE, 422). */
const INPUT_CODE =
  /^(PARSE_|STRUCTURE_|FEATURISE_|SCORING_(EMPTY_|BAD_)|PREDICTOR_BAD_INPUT$|MODEL_BAD_INPUT$)/;

/** SDK codes that mean the model cannot serve right now, whatever the input (MODEL_UNAVAILABLE, 503). */
const UNAVAILABLE_CODES: ReadonlySet<string> = new Set([
  'PREDICTOR_CLOSED',
  'PREDICTOR_NO_DEFAULT_MODEL',
  'RUNTIME_CLOSED',
  'RUNTIME_SESSION_FAILED',
  'SCORING_VINA_UNAVAILABLE',
]);

/** The server code an SDK error code is answered with. */
export function serverCodeForSdk(code: string): ServerErrorCode {
  if (INPUT_CODE.test(code)) return 'INVALID_STRUCTURE';
  if (UNAVAILABLE_CODES.has(code)) return 'MODEL_UNAVAILABLE';
  // Anything else a predictor raises for one input (a non-finite output, a failed run retried alone) is about
  // that input: the model could not predict it.
  return 'PREDICTION_FAILED';
}

/**
 * Wraps an SDK error as the server error it is answered with: INVALID_STRUCTURE (422) for input faults,
 * MODEL_UNAVAILABLE (503) when the model cannot serve, PREDICTION_FAILED (422) otherwise. The SDK code is kept as
 * `details.cause`; `field` (`protein`, `ligand`) prefixes the message and is kept as `details.field`. The SDK's own
 * details are not copied: they may name server paths.
 *
 * @example
 * fromSdkError(new StructureError('STRUCTURE_LIGAND_FAR', 'ligand is 40 A away'), { field: 'ligand' });
 * // ServerError INVALID_STRUCTURE 'ligand: ligand is 40 A away', details { field: 'ligand', cause: 'STRUCTURE_LIGAND_FAR' }
 */
export function fromSdkError(e: CompassError, context: { readonly field?: string } = {}): ServerError {
  const message = context.field ? `${context.field}: ${e.message}` : e.message;
  return new ServerError(serverCodeForSdk(e.code), message, {
    cause: e,
    details: { ...(context.field ? { field: context.field } : {}), cause: e.code },
  });
}
