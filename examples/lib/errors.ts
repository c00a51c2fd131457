/** Typed errors of the examples: one CompassError subclass with literal codes, as in every other layer. */
import { CompassError, type CompassErrorOptions } from '@compass/sdk/engine';

/** Codes an example can fail with before or beside the SDK's own errors. */
export type ExampleErrorCode = 'EXAMPLE_MISSING_INPUT' | 'EXAMPLE_BAD_HEATMAP';

/** An example's own failure: a missing input file (`details.path`) or a malformed heatmap (`details.field`). */
export class ExampleError extends CompassError {
  declare readonly code: ExampleErrorCode;

  constructor(code: ExampleErrorCode, message: string, options: CompassErrorOptions = {}) {
    super(code, message, options);
  }
}
