/** Errors of the v0 (FLASH-DOCK) adapter: each carries the exact v0 body its HTTP answer must have. */
import { RegistryError } from '../errors.js';

/** One FastAPI-style validation issue (`{type, loc, msg}`), as the v0 client receives it in a 422. */
export interface V0ValidationIssue {
  readonly type: string;
  readonly loc: readonly (string | number)[];
  readonly msg: string;
}

/** Literal codes of {@link V0RequestError}. */
export type V0ErrorCode = 'V0_SERVICE_NOT_FOUND' | 'V0_VALIDATION_FAILED' | 'V0_ADDRESS_NOT_ALLOWED';

const STATUS: Readonly<Record<V0ErrorCode, number>> = {
  V0_SERVICE_NOT_FOUND: 404,
  V0_VALIDATION_FAILED: 422,
  V0_ADDRESS_NOT_ALLOWED: 403,
};

/**
 * A v0 request that fails: `status` and `body` are sent as they are (`{detail: string}` or `{detail: [issue]}`),
 * because the v0 client reads exactly those shapes.
 */
export class V0RequestError extends RegistryError {
  declare readonly code: V0ErrorCode;
  readonly status: number;
  readonly body: { readonly detail: string | readonly V0ValidationIssue[] };

  constructor(code: V0ErrorCode, detail: string | readonly V0ValidationIssue[]) {
    super(code, typeof detail === 'string' ? detail : (detail[0]?.msg ?? 'validation failed'), {
      details: { detail },
    });
    this.status = STATUS[code];
    this.body = { detail };
  }
}

/** The 404 the v0 registry answers for an unknown service id. */
export function serviceNotFound(id: string): V0RequestError {
  return new V0RequestError('V0_SERVICE_NOT_FOUND', `Service ${id} not found`);
}

/** An allow-list entry that is neither an IP address nor `ADDRESS/PREFIX`. */
export class InvalidAllowEntryError extends RegistryError {
  declare readonly code: 'V0_INVALID_ALLOW_ENTRY';
  readonly entry: string;

  constructor(entry: string) {
    super(
      'V0_INVALID_ALLOW_ENTRY',
      `allow-list entry "${entry}" is not an IP address or ADDRESS/PREFIX subnet`,
      {
        details: { entry },
      },
    );
    this.entry = entry;
  }
}
