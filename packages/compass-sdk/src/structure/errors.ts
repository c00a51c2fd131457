/** Typed errors of the structure layer: one class per failure kind, each a CompassError with a literal code. */
import { CompassError, type CompassErrorOptions } from '../errors.js';

/** Codes a parser can fail with. */
export type ParseErrorCode =
  | 'PARSE_EMPTY'
  | 'PARSE_BINARY'
  | 'PARSE_LINE_TOO_LONG'
  | 'PARSE_BAD_COORDINATE'
  | 'PARSE_BAD_COUNTS'
  | 'PARSE_TRUNCATED'
  | 'PARSE_BAD_RECORD'
  | 'PARSE_NO_ATOMS'
  | 'PARSE_UNREADABLE';

/** Where a parse failed: the source name, the 1-based line, and the record index for multi-record files. */
export interface ParseLocation {
  readonly source: string;
  readonly line?: number;
  readonly record?: number;
}

/** A file could not be parsed. `details` holds `{source, line, record}`; the message names all three. */
export class ParseError extends CompassError {
  declare readonly code: ParseErrorCode;

  constructor(
    code: ParseErrorCode,
    message: string,
    where: ParseLocation,
    options: CompassErrorOptions = {},
  ) {
    const at = `${where.source}${where.line === undefined ? '' : `:${where.line}`}`;
    super(code, `${at}: ${message}`, {
      ...options,
      details: { ...where, ...options.details },
    });
  }
}

/** Codes of structure-level failures after parsing (pocket, complex, graph). */
export type StructureErrorCode =
  'STRUCTURE_LIGAND_FAR' | 'STRUCTURE_EMPTY_POCKET' | 'STRUCTURE_BAD_INPUT' | 'STRUCTURE_UNKNOWN_FORMAT';

/** A parsed structure cannot be used as asked (for example a ligand 500 A away from every protein atom). */
export class StructureError extends CompassError {
  declare readonly code: StructureErrorCode;

  constructor(code: StructureErrorCode, message: string, options: CompassErrorOptions = {}) {
    super(code, message, options);
  }
}

/** True when `e` is a {@link ParseError} (checked by code prefix, safe across ESM and CJS copies). */
export function isParseError(e: unknown): e is ParseError {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && code.startsWith('PARSE_');
}
