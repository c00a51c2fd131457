/** Copies a tensor view (offset, size, stride) out of a little-endian torch storage into a host tensor. */
import type { HostTensor } from '../runtime/host-tensor.js';
import type { Fail } from './torch-globals.js';
import type { PickleTensor, StorageDType } from './pickle-values.js';

const HOST_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function decodeHalf(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

// One element read from storage byte offset `b`, widened to what the host tensor holds.
function reader(dtype: StorageDType, view: DataView, little: boolean): (b: number) => number | bigint {
  switch (dtype) {
    case 'float32':
      return (b) => view.getFloat32(b, little);
    case 'float64':
      return (b) => view.getFloat64(b, little);
    case 'float16':
      return (b) => decodeHalf(view.getUint16(b, little));
    case 'int64':
      return (b) => view.getBigInt64(b, little);
    case 'int32':
      return (b) => BigInt(view.getInt32(b, little));
  }
}

/**
 * Materialises `t` from its storage bytes. float16 is widened to float32 and int32 to int64 (the engine's
 * dtypes). Every element index is checked to fall inside the storage before anything is copied.
 */
export function copyTensor(
  t: PickleTensor,
  storage: Uint8Array,
  littleEndian: boolean,
  maxElements: number,
  fail: Fail,
): HostTensor {
  const { size, stride, offset } = t;
  const el = t.storage.elementBytes;
  if (storage.length < t.storage.numel * el)
    fail(
      'CHECKPOINT_BAD_TENSOR',
      `storage ${t.storage.key} holds ${storage.length} bytes, its id says ${t.storage.numel} x ${el}`,
    );
  const count = size.reduce((a, b) => a * b, 1);
  const last = count === 0 ? offset : offset + size.reduce((a, d, i) => a + (d - 1) * stride[i]!, 0);
  if (count > 0 && last >= t.storage.numel)
    fail(
      'CHECKPOINT_BAD_TENSOR',
      `view [${size.join(', ')}] stride [${stride.join(', ')}] offset ${offset} reaches element ${last} of a ${t.storage.numel}-element storage`,
    );
  // Bounds before budget: a view past its storage is a bad tensor whatever its size.
  if (count > maxElements) fail('CHECKPOINT_TOO_LARGE', `tensor of ${count} elements is over the budget`);
  const dtype =
    t.storage.dtype === 'float16' ? 'float32' : t.storage.dtype === 'int32' ? 'int64' : t.storage.dtype;
  const contiguous = size.every(
    (_, i) => size[i] === 1 || stride[i] === size.slice(i + 1).reduce((a, b) => a * b, 1),
  );
  // Fast path: a contiguous view of a storage already in the host's byte order is one byte copy.
  if (contiguous && littleEndian === HOST_LITTLE && dtype === t.storage.dtype) {
    // Copied, not sliced: a Buffer's slice is a view of the whole archive.
    const bytes = new Uint8Array(count * el);
    bytes.set(storage.subarray(offset * el, (offset + count) * el));
    const data =
      dtype === 'float32'
        ? new Float32Array(bytes.buffer)
        : dtype === 'float64'
          ? new Float64Array(bytes.buffer)
          : new BigInt64Array(bytes.buffer);
    return { dtype, dims: [...size], data };
  }
  const read = reader(
    t.storage.dtype,
    new DataView(storage.buffer, storage.byteOffset, storage.byteLength),
    littleEndian,
  );
  const out =
    dtype === 'float32'
      ? new Float32Array(count)
      : dtype === 'float64'
        ? new Float64Array(count)
        : new BigInt64Array(count);
  const idx = new Array<number>(size.length).fill(0);
  for (let n = 0; n < count; n++) {
    let e = offset;
    for (let i = 0; i < size.length; i++) e += idx[i]! * stride[i]!;
    (out as unknown as (number | bigint)[])[n] = read(e * el);
    for (let i = size.length - 1; i >= 0; i--) {
      if (++idx[i]! < size[i]!) break;
      idx[i] = 0;
    }
  }
  return { dtype, dims: [...size], data: out };
}
