/**
 * Parameter files in the safetensors layout: an 8-byte little-endian header length, a JSON header
 * (`{ name: { dtype: 'F32', shape, data_offsets: [begin, end] }, __metadata__: { ... } }`, space-padded to a
 * multiple of 8), then the raw little-endian data. `__metadata__.sha256` is the hex SHA-256 of the data section.
 */
import { createHash } from 'node:crypto';
import { ParamsError } from './errors.js';
import { type HostTensor, type TensorMap, hostTensor } from '../runtime/host-tensor.js';

/** Format tag stored in `__metadata__.format`. */
export const PARAMS_FORMAT = 'compass-params/1';

/** A decoded parameter file. */
export interface ParamsFile {
  readonly tensors: TensorMap;
  /** String metadata (including `format` and `sha256`). */
  readonly metadata: Readonly<Record<string, string>>;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Encodes float32 tensors (sorted by name) with metadata and the data checksum. */
export function encodeParams(
  tensors: TensorMap,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const name of names) {
    const t = tensors[name]!;
    if (t.dtype !== 'float32')
      throw new ParamsError('PARAMS_UNSUPPORTED_DTYPE', `${name}: only float32 is stored, got ${t.dtype}`);
    header[name] = { dtype: 'F32', shape: [...t.dims], data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  const data = new Uint8Array(offset);
  for (const name of names) {
    const t = tensors[name]!;
    const [b] = (header[name] as HeaderEntry).data_offsets;
    data.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), b);
  }
  const sha256 = createHash('sha256').update(data).digest('hex');
  header.__metadata__ = { ...metadata, format: PARAMS_FORMAT, sha256 };
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const head = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + head.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  out.set(data, 8 + head.length);
  return out;
}

/** Decodes and verifies a parameter file: layout, offsets, dtypes and checksum. */
export function decodeParams(bytes: Uint8Array): ParamsFile {
  if (bytes.length < 8)
    throw new ParamsError('PARAMS_BAD_FORMAT', 'file shorter than its 8-byte header length');
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (8 + n > bytes.length) throw new ParamsError('PARAMS_BAD_FORMAT', `header length ${n} exceeds the file`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new ParamsError('PARAMS_BAD_FORMAT', 'header is not JSON', { cause: e });
  }
  const data = bytes.subarray(8 + n);
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  const actual = createHash('sha256').update(data).digest('hex');
  if (metadata.sha256 !== actual) {
    throw new ParamsError(
      'PARAMS_CHECKSUM_MISMATCH',
      `data checksum ${actual} does not match ${metadata.sha256 ?? '(none)'}`,
    );
  }
  const tensors: Record<string, HostTensor> = {};
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const e = raw as HeaderEntry;
    if (e.dtype !== 'F32')
      throw new ParamsError('PARAMS_UNSUPPORTED_DTYPE', `${name}: dtype ${e.dtype} is not F32`);
    const [b, end] = e.data_offsets;
    const count = e.shape.reduce((a, d) => a * d, 1);
    if (!(b >= 0 && end <= data.length && end - b === count * 4)) {
      throw new ParamsError(
        'PARAMS_BAD_FORMAT',
        `${name}: offsets [${b}, ${end}] do not fit shape [${e.shape.join(', ')}]`,
      );
    }
    // Copy into an aligned buffer: the data section may start at any byte.
    tensors[name] = hostTensor('float32', e.shape, new Float32Array(data.slice(b, end).buffer));
  }
  return { tensors, metadata };
}

/** Expected names and shapes: a model's `params` or any map of `{ shape }`. */
export type ParamShapes = Readonly<Record<string, { readonly shape: readonly number[] }>>;

/** Throws unless `tensors` has exactly the expected names with the expected shapes. */
export function checkParams(tensors: TensorMap, expected: ParamShapes): void {
  const have = Object.keys(tensors).sort();
  const want = Object.keys(expected).sort();
  if (have.join('\0') !== want.join('\0')) {
    const missing = want.filter((k) => !(k in tensors));
    const extra = have.filter((k) => !(k in expected));
    throw new ParamsError(
      'PARAMS_NAME_MISMATCH',
      `parameter names differ: missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]`,
    );
  }
  for (const k of want) {
    const [a, b] = [tensors[k]!.dims, expected[k]!.shape];
    if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
      throw new ParamsError(
        'PARAMS_SHAPE_MISMATCH',
        `${k}: shape [${a.join(', ')}] in file, [${b.join(', ')}] expected`,
      );
    }
  }
}
