/** Host tensors: plain typed arrays with dims, the currency between callers, workers and sessions. */
import type * as ort from 'onnxruntime-node';
import type { DType } from '../graph/value.js';
import { ortModule } from './ort-loader.js';

/** A tensor in host memory. Transferable between threads (its buffer moves or is copied). */
export interface HostTensor {
  readonly dtype: DType;
  readonly dims: readonly number[];
  readonly data: Float32Array | Float64Array | BigInt64Array | Uint8Array;
}

/** Named tensors: feeds and results. */
export type TensorMap = Record<string, HostTensor>;

const ORT_TYPE = { float32: 'float32', float64: 'float64', int64: 'int64', bool: 'bool' } as const;

/** Builds a host tensor, checking the element count. */
export function hostTensor(
  dtype: DType,
  dims: readonly number[],
  data: HostTensor['data'] | ArrayLike<number>,
): HostTensor {
  const n = dims.reduce((a, b) => a * b, 1);
  const arr = ArrayBuffer.isView(data)
    ? (data as HostTensor['data'])
    : dtype === 'float32'
      ? Float32Array.from(data as ArrayLike<number>)
      : dtype === 'float64'
        ? Float64Array.from(data as ArrayLike<number>)
        : dtype === 'int64'
          ? BigInt64Array.from(Array.from(data as ArrayLike<number>, (v) => BigInt(v)))
          : Uint8Array.from(data as ArrayLike<number>);
  if (arr.length !== n)
    throw new RangeError(`tensor of dims [${dims.join(', ')}] needs ${n} elements, got ${arr.length}`);
  return { dtype, dims: [...dims], data: arr };
}

/** Host tensor to onnxruntime tensor (no copy). */
export function toOrt(t: HostTensor): ort.Tensor {
  const data = t.dtype === 'bool' ? new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.length) : t.data;
  const { Tensor } = ortModule();
  return new Tensor(ORT_TYPE[t.dtype], data as never, t.dims as number[]);
}

/** onnxruntime tensor to host tensor (no copy). */
export function fromOrt(t: ort.Tensor): HostTensor {
  const dtype = (
    t.type === 'float32' || t.type === 'float64' || t.type === 'int64' || t.type === 'bool'
      ? t.type
      : 'float32'
  ) as DType;
  const raw = t.data as HostTensor['data'] | boolean[];
  const data = Array.isArray(raw) ? Uint8Array.from(raw, (b) => (b ? 1 : 0)) : raw;
  return { dtype, dims: [...t.dims], data };
}
