/** The values the restricted pickle reader can produce: plain data plus the three torch-specific shapes. */

/** A global the reader allows, as `module.name`. */
export type AllowedGlobal =
  | 'collections.OrderedDict'
  | 'torch._utils._rebuild_tensor_v2'
  | 'torch.FloatStorage'
  | 'torch.DoubleStorage'
  | 'torch.HalfStorage'
  | 'torch.LongStorage'
  | 'torch.IntStorage';

/** Element type of a torch storage class, as stored on disk. */
export type StorageDType = 'float32' | 'float64' | 'float16' | 'int64' | 'int32';

/** Storage class name to element type and byte width. */
export const STORAGE_CLASSES: ReadonlyMap<string, { readonly dtype: StorageDType; readonly bytes: number }> =
  new Map([
    ['torch.FloatStorage', { dtype: 'float32', bytes: 4 }],
    ['torch.DoubleStorage', { dtype: 'float64', bytes: 8 }],
    ['torch.HalfStorage', { dtype: 'float16', bytes: 2 }],
    ['torch.LongStorage', { dtype: 'int64', bytes: 8 }],
    ['torch.IntStorage', { dtype: 'int32', bytes: 4 }],
  ] as const);

/** A reference to an allowed global, as pushed by GLOBAL / STACK_GLOBAL. */
export interface PickleGlobal {
  readonly kind: 'global';
  readonly name: AllowedGlobal;
}

/** A tuple (immutable once built). */
export interface PickleTuple {
  readonly kind: 'tuple';
  readonly items: readonly PickleValue[];
}

/** A list (filled by APPEND / APPENDS). */
export interface PickleList {
  readonly kind: 'list';
  readonly items: PickleValue[];
}

/** A dict or OrderedDict; keys are strings or integers only. A Map, so no key reaches an object prototype. */
export interface PickleDict {
  readonly kind: 'dict';
  readonly ordered: boolean;
  readonly entries: Map<string | number, PickleValue>;
}

/** A storage named by a persistent id `('storage', cls, key, location, numel)`; its bytes live in `data/<key>`. */
export interface PickleStorage {
  readonly kind: 'storage';
  readonly dtype: StorageDType;
  readonly elementBytes: number;
  readonly key: string;
  readonly location: string;
  readonly numel: number;
}

/** A tensor as `_rebuild_tensor_v2(storage, offset, size, stride, ...)` describes it (nothing copied yet). */
export interface PickleTensor {
  readonly kind: 'tensor';
  readonly storage: PickleStorage;
  readonly offset: number;
  readonly size: readonly number[];
  readonly stride: readonly number[];
}

/** Anything the reader can leave on its stack. */
export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | PickleGlobal
  | PickleTuple
  | PickleList
  | PickleDict
  | PickleStorage
  | PickleTensor;

/** Short type name of a value, for error messages. */
export function describeValue(v: PickleValue): string {
  if (v === null) return 'None';
  if (typeof v === 'object') return v.kind === 'global' ? v.name : v.kind;
  return typeof v;
}
