/** Turns what a caller hands a parser (string, bytes, stream, gzip) into checked text lines. */
import { gunzipSync } from 'node:zlib';
import { coordinateProblem } from '../coordinate-limit.js';
import { ParseError } from '../errors.js';

/** What every parser accepts: text, bytes (gzip detected by magic number), or a stream of bytes via {@link readInput}. */
export type TextInput = string | Uint8Array;

/** Inputs the async readers accept in addition to {@link TextInput}. */
export type StreamInput = TextInput | AsyncIterable<Uint8Array | string>;

/** Options every parser takes. */
export interface ParseOptions {
  /** Name used in errors and diagnostics (a file name, "upload"); default `'<input>'`. */
  readonly source?: string;
  /** Longest line accepted, in characters (default 1 MiB): guards against binary or hostile input. */
  readonly maxLineLength?: number;
}

const DEFAULT_MAX_LINE = 1 << 20;

/**
 * Most bytes a structure input may hold once read or gunzipped (512 MiB; the largest PDB entries are ~100 MB):
 * a stream, a device such as /dev/zero or a gzip bomb stops with PARSE_UNREADABLE instead of exhausting memory.
 */
export const MAX_INPUT_BYTES = 512 * 2 ** 20;

function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/**
 * Decode bytes (gunzipping when the magic number says so, at most `maxBytes` out, default {@link MAX_INPUT_BYTES})
 * and reject binary content.
 */
export function decodeText(input: TextInput, source: string, maxBytes = MAX_INPUT_BYTES): string {
  if (typeof input === 'string') return input;
  let bytes = input;
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (e) {
      // zlib throws a RangeError when the output would pass maxOutputLength, other errors for corrupt data
      const tooBig = e instanceof RangeError;
      throw new ParseError(
        'PARSE_UNREADABLE',
        tooBig ? `gzip data expands beyond ${maxBytes} bytes` : 'gzip data is corrupt or truncated',
        { source },
        { cause: e, details: { reason: tooBig ? 'too-large' : 'corrupt' } },
      );
    }
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/**
 * Collect a stream (or pass text through), so parsers can read uploads and files alike. A stream longer than
 * `maxBytes` (default {@link MAX_INPUT_BYTES}) is abandoned with PARSE_UNREADABLE (`details.reason: 'too-large'`).
 */
export async function readInput(
  input: StreamInput,
  options: { readonly maxBytes?: number; readonly source?: string } = {},
): Promise<TextInput> {
  if (typeof input === 'string' || input instanceof Uint8Array) return input;
  const max = options.maxBytes ?? MAX_INPUT_BYTES;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of input) {
    const b = typeof c === 'string' ? Buffer.from(c) : Buffer.from(c);
    total += b.length;
    if (total > max)
      throw new ParseError(
        'PARSE_UNREADABLE',
        `input longer than ${max} bytes`,
        { source: options.source ?? '<stream>' },
        { details: { reason: 'too-large', maxBytes: max } },
      );
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/**
 * Split text into lines after the checks every format shares: not empty, not binary, no line over the limit.
 * Throws {@link ParseError} with the line that failed.
 */
export function checkedLines(input: TextInput, options: ParseOptions = {}): string[] {
  const source = options.source ?? '<input>';
  const text = decodeText(input, source);
  if (text.trim().length === 0) throw new ParseError('PARSE_EMPTY', 'the input is empty', { source });
  // NUL or many control characters in the head mean binary data, not a text format read with the wrong parser.
  const head = text.slice(0, 8192);
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0)
      throw new ParseError('PARSE_BINARY', 'binary data (NUL byte), not a text structure file', { source });
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  if (control > head.length / 20)
    throw new ParseError('PARSE_BINARY', 'binary data, not a text structure file', { source });
  const max = options.maxLineLength ?? DEFAULT_MAX_LINE;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.length > max)
      throw new ParseError('PARSE_LINE_TOO_LONG', `line of ${lines[i]!.length} characters (limit ${max})`, {
        source,
        line: i + 1,
      });
  }
  return lines;
}

/**
 * Parse a coordinate field, or throw PARSE_BAD_COORDINATE naming the field and line: blank, non-numeric, not
 * finite, or beyond the documented limit (`COORDINATE_LIMIT` in coordinate-limit.ts, +-100,000 A).
 */
export function parseCoordinate(
  raw: string,
  field: string,
  source: string,
  line: number,
  record?: number,
): number {
  const t = raw.trim();
  const v = t.length === 0 ? Number.NaN : Number(t);
  const why = Number.isNaN(v) ? 'not a number' : coordinateProblem(v);
  if (why !== undefined)
    throw new ParseError(
      'PARSE_BAD_COORDINATE',
      `expected a coordinate for ${field}, got "${t.slice(0, 40)}" (${why})`,
      { source, line, ...(record === undefined ? {} : { record }) },
    );
  return v;
}
