/** Test helpers: a minimal stored-zip writer and a protocol-2 pickle builder for small hand-made checkpoints. */
import * as zlib from 'node:zlib';

const crc32 = (zlib as unknown as { crc32: (d: Uint8Array) => number }).crc32;

/** A zip of stored (uncompressed) entries, as torch.save writes them. */
export function storedZip(entries: readonly (readonly [string, Uint8Array])[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, body] of entries) {
    const n = Buffer.from(name, 'utf8');
    const crc = crc32(body) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(body.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(body.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, Buffer.from(body));
    centrals.push(central, n);
    offset += 30 + n.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

/** Pickle opcode bytes and operands. */
export const P = {
  proto: () => [0x80, 2],
  stop: () => [0x2e],
  mark: () => [0x28],
  tuple: () => [0x74],
  emptyTuple: () => [0x29],
  emptyDict: () => [0x7d],
  emptyList: () => [0x5d],
  setitem: () => [0x73],
  setitems: () => [0x75],
  reduce: () => [0x52],
  persid: () => [0x51],
  newfalse: () => [0x89],
  int: (v: number): number[] => {
    if (v >= 0 && v < 256) return [0x4b, v];
    const b = Buffer.alloc(5);
    b[0] = 0x4a;
    b.writeInt32LE(v, 1);
    return [...b];
  },
  long1: (v: bigint): number[] => {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(v);
    return [0x8a, 8, ...b];
  },
  str: (s: string): number[] => {
    const u = Buffer.from(s, 'utf8');
    const h = Buffer.alloc(5);
    h[0] = 0x58;
    h.writeUInt32LE(u.length, 1);
    return [...h, ...u];
  },
  global: (module: string, name: string): number[] => [
    0x63,
    ...Buffer.from(`${module}\n${name}\n`, 'latin1'),
  ],
  ints: (vs: readonly (number | bigint)[]): number[] => [
    0x28,
    ...vs.flatMap((v) => (typeof v === 'bigint' ? P.long1(v) : P.int(v))),
    0x74,
  ],
};

/** One tensor of a hand-made state dict. */
export interface TensorSpec {
  readonly key: string;
  readonly storage: 'FloatStorage' | 'DoubleStorage' | 'LongStorage' | 'HalfStorage' | 'IntStorage';
  readonly storageKey: string;
  readonly numel: number;
  readonly offset?: number;
  readonly size: readonly (number | bigint)[];
  readonly stride: readonly (number | bigint)[];
}

/** The pickle of `OrderedDict(key -> _rebuild_tensor_v2(...))`, as torch.save writes it (without memo ops). */
export function stateDictPickle(tensors: readonly TensorSpec[]): Uint8Array {
  const ops: number[] = [
    ...P.proto(),
    ...P.global('collections', 'OrderedDict'),
    ...P.emptyTuple(),
    ...P.reduce(),
  ];
  ops.push(...P.mark());
  for (const t of tensors) {
    ops.push(...P.str(t.key), ...P.global('torch._utils', '_rebuild_tensor_v2'), ...P.mark());
    ops.push(...P.mark(), ...P.str('storage'), ...P.global('torch', t.storage), ...P.str(t.storageKey));
    ops.push(...P.str('cpu'), ...P.int(t.numel), ...P.tuple(), ...P.persid());
    ops.push(...P.int(t.offset ?? 0), ...P.ints(t.size), ...P.ints(t.stride), ...P.newfalse());
    ops.push(
      ...P.global('collections', 'OrderedDict'),
      ...P.emptyTuple(),
      ...P.reduce(),
      ...P.tuple(),
      ...P.reduce(),
    );
  }
  ops.push(...P.setitems(), ...P.stop());
  return new Uint8Array(ops);
}

/** Little-endian bytes of float32 values. */
export function f32(values: readonly number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

/** Little-endian bytes of int64 values. */
export function i64(values: readonly bigint[]): Uint8Array {
  return new Uint8Array(new BigInt64Array(values).buffer);
}

/** A small valid checkpoint: `w` a 2x3 float32 matrix 0..5 and `n` an int64 scalar 7. */
export function smallCheckpoint(): Uint8Array {
  const pkl = stateDictPickle([
    { key: 'w', storage: 'FloatStorage', storageKey: '0', numel: 6, size: [2, 3], stride: [3, 1] },
    { key: 'n', storage: 'LongStorage', storageKey: '1', numel: 1, size: [], stride: [] },
  ]);
  return storedZip([
    ['archive/data.pkl', pkl],
    ['archive/data/0', f32([0, 1, 2, 3, 4, 5])],
    ['archive/data/1', i64([7n])],
    ['archive/version', new TextEncoder().encode('3\n')],
  ]);
}
