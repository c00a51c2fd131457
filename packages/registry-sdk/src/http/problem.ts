/** HTTP-level failures raised by the router itself (auth, validation, routing), each with its status. */
import { RegistryError, type RegistryErrorOptions } from '../errors.js';

/** Error codes the HTTP layer produces on its own, beside the core's codes. */
export type HttpProblemCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_JSON'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'INSTANCE_NOT_FOUND'
  | 'ROUTE_NOT_FOUND'
  | 'INTERNAL_ERROR';

/**
 * A failure the router answers with a fixed status. Thrown by middleware and handlers, turned into the error
 * envelope by the error handler.
 */
export class HttpProblem extends RegistryError {
  override readonly code: HttpProblemCode;
  /** HTTP status sent to the caller. */
  readonly status: number;

  constructor(status: number, code: HttpProblemCode, message: string, options: RegistryErrorOptions = {}) {
    super(code, message, options);
    this.code = code;
    this.status = status;
  }
}

/** The server was configured in a way it refuses to start with (no write token, a blank token...). */
export class ServerConfigError extends RegistryError {
  override readonly code = 'INVALID_SERVER_CONFIG' as const;

  constructor(message: string, options: RegistryErrorOptions = {}) {
    super('INVALID_SERVER_CONFIG', message, options);
  }
}
