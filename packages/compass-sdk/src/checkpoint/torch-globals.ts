/** What the allowed globals do when a state-dict pickle calls them: build dicts, storages and tensor views. */
import type { CheckpointErrorCode } from './errors.js';
import {
  STORAGE_CLASSES,
  describeValue,
  type AllowedGlobal,
  type PickleStorage,
  type PickleTensor,
  type PickleValue,
} from './pickle-values.js';

/** Throws a CheckpointError at the current opcode. */
export type Fail = (code: CheckpointErrorCode, message: string) => never;

const ALLOWED: ReadonlySet<string> = new Set<AllowedGlobal>([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor_v2',
  ...(STORAGE_CLASSES.keys() as Iterable<AllowedGlobal>),
]);

/** Whether `module.name` is one of the globals a state dict needs. */
export function isAllowedGlobal(qualified: string): qualified is AllowedGlobal {
  return ALLOWED.has(qualified);
}

// Tensor dims and strides beyond 2^40 elements cannot be backed by a storage this reader would accept anyway.
const MAX_DIM = 2 ** 40;

function int(v: PickleValue, what: string, fail: Fail): number {
  if (typeof v === 'bigint') return fail('CHECKPOINT_BAD_TENSOR', `${what} ${v} is out of range`);
  if (typeof v !== 'number' || !Number.isInteger(v))
    return fail('CHECKPOINT_BAD_PICKLE', `${what} must be an integer, got ${describeValue(v)}`);
  return v;
}

function intTuple(v: PickleValue, what: string, fail: Fail): number[] {
  if (v === null || typeof v !== 'object' || v.kind !== 'tuple')
    return fail('CHECKPOINT_BAD_PICKLE', `${what} must be a tuple, got ${describeValue(v)}`);
  return v.items.map((x, i) => {
    const n = int(x, `${what}[${i}]`, fail);
    if (n < 0 || n > MAX_DIM) fail('CHECKPOINT_BAD_TENSOR', `${what}[${i}] = ${n} is negative or absurd`);
    return n;
  });
}

/**
 * `REDUCE` of an allowed global: `OrderedDict()` gives an empty ordered dict and `_rebuild_tensor_v2(storage,
 * offset, size, stride, requires_grad, backward_hooks[, metadata])` a tensor description. Storage classes are
 * never called by a state dict, so calling one is refused.
 */
export function callGlobal(name: AllowedGlobal, args: readonly PickleValue[], fail: Fail): PickleValue {
  if (name === 'collections.OrderedDict') {
    if (args.length !== 0) fail('CHECKPOINT_BAD_PICKLE', `OrderedDict called with ${args.length} arguments`);
    return { kind: 'dict', ordered: true, entries: new Map() };
  }
  if (name === 'torch._utils._rebuild_tensor_v2') return rebuildTensor(args, fail);
  return fail('CHECKPOINT_BAD_PICKLE', `${name} is not callable in a state dict`);
}

function rebuildTensor(args: readonly PickleValue[], fail: Fail): PickleTensor {
  if (args.length < 4 || args.length > 7)
    fail('CHECKPOINT_BAD_PICKLE', `_rebuild_tensor_v2 takes 4 to 7 arguments, got ${args.length}`);
  const [storage, offset, size, stride] = args as [PickleValue, PickleValue, PickleValue, PickleValue];
  if (storage === null || typeof storage !== 'object' || storage.kind !== 'storage')
    return fail('CHECKPOINT_BAD_PICKLE', `_rebuild_tensor_v2 storage is ${describeValue(storage)}`);
  const off = int(offset, 'storage offset', fail);
  if (off < 0 || off > MAX_DIM) fail('CHECKPOINT_BAD_TENSOR', `storage offset ${off} is negative or absurd`);
  const dims = intTuple(size, 'size', fail);
  const strides = intTuple(stride, 'stride', fail);
  if (dims.length !== strides.length)
    fail('CHECKPOINT_BAD_TENSOR', `size has ${dims.length} dims but stride ${strides.length}`);
  // requires_grad must be a bool and backward_hooks an empty OrderedDict: a hook would be code to run.
  const hooks = args[5];
  if (args.length > 4 && typeof args[4] !== 'boolean')
    fail('CHECKPOINT_BAD_PICKLE', `requires_grad is ${describeValue(args[4] ?? null)}`);
  if (
    hooks !== undefined &&
    !(hooks !== null && typeof hooks === 'object' && hooks.kind === 'dict' && hooks.entries.size === 0)
  )
    fail('CHECKPOINT_BAD_PICKLE', 'backward_hooks must be an empty OrderedDict');
  return { kind: 'tensor', storage, offset: off, size: dims, stride: strides };
}

/** `BINPERSID` of a state dict: the id `('storage', storage_class, key, location, numel)`. */
export function persistentLoad(pid: PickleValue, fail: Fail): PickleStorage {
  if (pid === null || typeof pid !== 'object' || pid.kind !== 'tuple' || pid.items.length !== 5)
    return fail('CHECKPOINT_BAD_PICKLE', `persistent id must be a 5-tuple, got ${describeValue(pid)}`);
  const [tag, cls, key, location, numel] = pid.items as [
    PickleValue,
    PickleValue,
    PickleValue,
    PickleValue,
    PickleValue,
  ];
  if (tag !== 'storage') return fail('CHECKPOINT_BAD_PICKLE', `persistent id tag is not 'storage'`);
  const info =
    cls !== null && typeof cls === 'object' && cls.kind === 'global'
      ? STORAGE_CLASSES.get(cls.name)
      : undefined;
  if (!info) return fail('CHECKPOINT_BAD_PICKLE', `persistent id storage type is ${describeValue(cls)}`);
  if (typeof key !== 'string' || !/^[A-Za-z0-9_]{1,64}$/.test(key))
    return fail('CHECKPOINT_BAD_PICKLE', `storage key must be a short alphanumeric string`);
  if (typeof location !== 'string') return fail('CHECKPOINT_BAD_PICKLE', 'storage location must be a string');
  const n = int(numel, 'storage numel', fail);
  if (n < 0 || n > MAX_DIM) fail('CHECKPOINT_BAD_TENSOR', `storage numel ${n} is negative or absurd`);
  return { kind: 'storage', dtype: info.dtype, elementBytes: info.bytes, key, location, numel: n };
}

/**
 * `BUILD` on a state dict: torch sets the OrderedDict's `_metadata` attribute (per-module versions). That is the
 * only state accepted; it carries no weights and is dropped.
 */
export function buildState(target: PickleValue, state: PickleValue, fail: Fail): void {
  const isDict = (v: PickleValue) => v !== null && typeof v === 'object' && v.kind === 'dict';
  if (!isDict(target) || !isDict(state))
    fail('CHECKPOINT_BAD_PICKLE', `BUILD of ${describeValue(target)} with ${describeValue(state)}`);
  const keys = [...(state as { entries: Map<string | number, PickleValue> }).entries.keys()];
  if (keys.some((k) => k !== '_metadata'))
    fail('CHECKPOINT_BAD_PICKLE', `BUILD may only set _metadata, got ${keys.map(String).join(', ')}`);
}
