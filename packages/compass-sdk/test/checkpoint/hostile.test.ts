/** Hostile and malformed checkpoints, built in code: each is refused with its exact typed code, nothing runs. */
import { describe, expect, it } from 'vitest';
import {
  readPickle,
  readTorchStateDict,
  readTorchStateDictFile,
  type CheckpointErrorCode,
} from '../../src/checkpoint/index.js';
import { P, f32, smallCheckpoint, stateDictPickle, storedZip, type TensorSpec } from './build-checkpoint.js';

const where = { source: 'test.pkl' };
const pickle = (...ops: number[][]) => new Uint8Array(ops.flat());

function refusedPickle(bytes: Uint8Array, code: CheckpointErrorCode, details: Record<string, unknown> = {}) {
  expect(() => readPickle(bytes, where)).toThrowError(
    expect.objectContaining({ code, details: expect.objectContaining(details) }) as never,
  );
}

async function refused(bytes: Uint8Array, code: CheckpointErrorCode, message?: RegExp) {
  const err = (await readTorchStateDict(bytes, { source: 'hostile.pt' }).catch(
    (e: unknown) => e,
  )) as Error & {
    code: string;
  };
  expect(err).toBeInstanceOf(Error);
  expect(err.code).toBe(code);
  expect(err.message).toMatch(/^hostile\.pt/);
  if (message) expect(err.message).toMatch(message);
  return err;
}

function zipOf(tensors: readonly TensorSpec[], blobs: Record<string, Uint8Array>, root = 'archive') {
  return storedZip([
    [`${root}/data.pkl`, stateDictPickle(tensors)],
    ...Object.entries(blobs).map(([k, v]) => [`${root}/data/${k}`, v] as const),
  ]);
}

const W: TensorSpec = {
  key: 'w',
  storage: 'FloatStorage',
  storageKey: '0',
  numel: 6,
  size: [2, 3],
  stride: [3, 1],
};

describe('pickle opcodes and globals', () => {
  it('refuses posix.system before REDUCE can call it, naming the global and its offset', () => {
    const bytes = pickle(
      P.proto(),
      P.global('posix', 'system'),
      P.str('touch /tmp/pwned'),
      [0x85],
      P.reduce(),
      P.stop(),
    );
    refusedPickle(bytes, 'CHECKPOINT_FORBIDDEN_GLOBAL', { offset: 2 });
    expect(() => readPickle(bytes, where)).toThrow(
      /test\.pkl: byte 2: global "posix\.system" is not allowed/,
    );
  });

  it('refuses os.system, builtins.eval (also through STACK_GLOBAL) and torch globals off the list', () => {
    refusedPickle(pickle(P.proto(), P.global('os', 'system')), 'CHECKPOINT_FORBIDDEN_GLOBAL');
    refusedPickle(
      pickle([0x80, 4], P.str('builtins'), P.str('eval'), [0x93]),
      'CHECKPOINT_FORBIDDEN_GLOBAL',
      {
        offset: 24,
      },
    );
    refusedPickle(pickle(P.proto(), P.global('torch', 'load')), 'CHECKPOINT_FORBIDDEN_GLOBAL');
    refusedPickle(
      pickle(P.proto(), P.global('collections', 'OrderedDict.__reduce__')),
      'CHECKPOINT_FORBIDDEN_GLOBAL',
    );
  });

  it.each([
    ['INST', [0x69, ...Buffer.from('os\nsystem\n')]],
    ['OBJ', [0x28, 0x6f]],
    ['NEWOBJ', [0x81]],
    ['NEWOBJ_EX', [0x92]],
    ['EXT1', [0x82, 1]],
    ['PERSID', [0x50, ...Buffer.from('x\n')]],
    ['STRING', [0x53, ...Buffer.from("'x'\n")]],
  ])('refuses the %s opcode by name', (name, op) => {
    const bytes = pickle(P.proto(), op);
    expect(() => readPickle(bytes, where)).toThrowError(
      expect.objectContaining({
        code: 'CHECKPOINT_FORBIDDEN_OPCODE',
        details: expect.objectContaining({ offset: op[0] === 0x28 ? 3 : 2 }),
      }) as never,
    );
    expect(() => readPickle(bytes, where)).toThrow(new RegExp(`opcode ${name} is not allowed`));
  });

  it('refuses an unknown opcode byte', () => {
    expect(() => readPickle(pickle(P.proto(), [0xff]), where)).toThrow(/unknown opcode 0xff/);
  });

  it('caps MARK nesting, stack and memo', () => {
    refusedPickle(pickle(P.proto(), new Array(10_000).fill(0x28)), 'CHECKPOINT_TOO_DEEP', { offset: 66 });
    expect(() =>
      readPickle(pickle(P.proto(), new Array(20).fill(0x4e)), where, { maxStack: 10 }),
    ).toThrowError(expect.objectContaining({ code: 'CHECKPOINT_TOO_DEEP' }) as never);
    const puts = Array.from({ length: 5 }, (_, i) => [0x71, i]).flat();
    expect(() => readPickle(pickle(P.proto(), [0x4e], puts), where, { maxMemo: 3 })).toThrowError(
      expect.objectContaining({ code: 'CHECKPOINT_TOO_DEEP' }) as never,
    );
  });

  it('refuses malformed pickles: underflow, unknown memo key, cut operand, no STOP, leftovers', () => {
    refusedPickle(pickle(P.proto(), P.setitem()), 'CHECKPOINT_BAD_PICKLE');
    refusedPickle(pickle(P.proto(), [0x68, 9]), 'CHECKPOINT_BAD_PICKLE');
    refusedPickle(pickle(P.proto(), [0x58, 0xff, 0xff, 0, 0, 0x41]), 'CHECKPOINT_BAD_PICKLE');
    refusedPickle(pickle(P.proto(), [0x4e]), 'CHECKPOINT_BAD_PICKLE');
    refusedPickle(pickle(P.proto(), [0x4e, 0x4e], P.stop()), 'CHECKPOINT_BAD_PICKLE');
    refusedPickle(
      pickle(P.proto(), P.global('torch', 'FloatStorage'), P.emptyTuple(), P.reduce()),
      'CHECKPOINT_BAD_PICKLE',
    );
  });

  it('reads plain data: ints of every width, floats, strings, lists and dicts', () => {
    const bytes = pickle(
      P.proto(),
      P.emptyDict(),
      P.mark(),
      P.str('a'),
      P.int(-5),
      P.str('b'),
      P.long1(-(2n ** 62n)),
    );
    const more = pickle(
      P.str('c'),
      [0x47, ...Buffer.from([0x3f, 0xf8, 0, 0, 0, 0, 0, 0])],
      P.str('d'),
      P.emptyList(),
    );
    const end = pickle(P.mark(), P.int(1), [0x88], P.tuple(), [0x61], P.setitems(), P.stop());
    const v = readPickle(new Uint8Array([...bytes, ...more, ...end]), where);
    expect(v).toEqual({
      kind: 'dict',
      ordered: false,
      entries: new Map<string, unknown>([
        ['a', -5],
        ['b', -(2n ** 62n)],
        ['c', 1.5],
        ['d', { kind: 'list', items: [{ kind: 'tuple', items: [1, true] }] }],
      ]),
    });
  });
});

describe('checkpoint zips', () => {
  it('reads a small hand-made checkpoint', async () => {
    const sd = await readTorchStateDict(smallCheckpoint());
    expect(sd.get('w')).toEqual({
      dtype: 'float32',
      dims: [2, 3],
      data: new Float32Array([0, 1, 2, 3, 4, 5]),
    });
    expect(sd.get('n')).toEqual({ dtype: 'int64', dims: [], data: new BigInt64Array([7n]) });
  });

  it('honours offset and stride (a transposed view), float64, float16 and int32 storages', async () => {
    const t: TensorSpec = { ...W, key: 't', offset: 1, numel: 7, size: [3, 2], stride: [1, 3] };
    const d: TensorSpec = {
      key: 'd',
      storage: 'DoubleStorage',
      storageKey: '1',
      numel: 2,
      size: [2],
      stride: [1],
    };
    const h: TensorSpec = {
      key: 'h',
      storage: 'HalfStorage',
      storageKey: '2',
      numel: 2,
      size: [2],
      stride: [1],
    };
    const i: TensorSpec = {
      key: 'i',
      storage: 'IntStorage',
      storageKey: '3',
      numel: 2,
      size: [2],
      stride: [1],
    };
    const sd = await readTorchStateDict(
      zipOf([t, d, h, i], {
        0: f32([9, 0, 1, 2, 3, 4, 5]),
        1: new Uint8Array(new Float64Array([0.1, -2.5]).buffer),
        2: new Uint8Array(new Uint16Array([0x3c00, 0xc000]).buffer),
        3: new Uint8Array(new Int32Array([-3, 4]).buffer),
      }),
    );
    expect(sd.get('t')).toEqual({
      dtype: 'float32',
      dims: [3, 2],
      data: new Float32Array([0, 3, 1, 4, 2, 5]),
    });
    expect(sd.get('d')!.data).toEqual(new Float64Array([0.1, -2.5]));
    expect(sd.get('h')).toEqual({ dtype: 'float32', dims: [2], data: new Float32Array([1, -2]) });
    expect(sd.get('i')).toEqual({ dtype: 'int64', dims: [2], data: new BigInt64Array([-3n, 4n]) });
  });

  it('swaps bytes when the byteorder entry says big', async () => {
    const be = Buffer.from(new Float32Array([1.5, -2]).buffer);
    be.swap32();
    const zip = storedZip([
      ['m/data.pkl', stateDictPickle([{ ...W, numel: 2, size: [2], stride: [1] }])],
      ['m/byteorder', new TextEncoder().encode('big')],
      ['m/data/0', be],
    ]);
    expect((await readTorchStateDict(zip)).get('w')!.data).toEqual(new Float32Array([1.5, -2]));
  });

  it('refuses bytes that are not a zip', async () => {
    await refused(new TextEncoder().encode('import os; os.system("x")'), 'CHECKPOINT_NOT_ZIP');
    await refused(new Uint8Array(0), 'CHECKPOINT_NOT_ZIP');
  });

  it('refuses a zip without data.pkl, or with two', async () => {
    await refused(storedZip([['archive/data/0', f32([1])]]), 'CHECKPOINT_NO_PICKLE', /no <root>\/data\.pkl/);
    const pkl = stateDictPickle([]);
    await refused(
      storedZip([
        ['a/data.pkl', pkl],
        ['b/data.pkl', pkl],
      ]),
      'CHECKPOINT_NO_PICKLE',
      /2 data\.pkl/,
    );
  });

  it('refuses entries with path traversal or absolute names', async () => {
    await refused(
      storedZip([['archive/../../etc/passwd', f32([1])]]),
      'CHECKPOINT_UNSAFE_ENTRY',
      /climbs out/,
    );
    await refused(
      storedZip([['/archive/data.pkl', stateDictPickle([])]]),
      'CHECKPOINT_UNSAFE_ENTRY',
      /absolute/,
    );
  });

  it('refuses a tensor whose storage entry is missing', async () => {
    await refused(
      zipOf([W], { 1: f32([0, 1, 2, 3, 4, 5]) }),
      'CHECKPOINT_MISSING_STORAGE',
      /archive\/data\/0 is absent \(tensor 'w'\)/,
    );
  });

  it('refuses a storage shorter than its id or its view', async () => {
    await refused(zipOf([W], { 0: f32([0, 1, 2]) }), 'CHECKPOINT_BAD_TENSOR', /holds 12 bytes/);
    await refused(
      zipOf([{ ...W, numel: 5 }], { 0: f32([0, 1, 2, 3, 4]) }),
      'CHECKPOINT_BAD_TENSOR',
      /reaches element 5/,
    );
    await refused(zipOf([{ ...W, stride: [4, 1] }], { 0: f32([0, 1, 2, 3, 4, 5]) }), 'CHECKPOINT_BAD_TENSOR');
  });

  it('refuses negative, huge and mismatched dims', async () => {
    const blob = { 0: f32([0, 1, 2, 3, 4, 5]) };
    await refused(zipOf([{ ...W, size: [-2, 3] }], blob), 'CHECKPOINT_BAD_TENSOR', /size\[0\] = -2/);
    await refused(zipOf([{ ...W, size: [2n ** 50n, 3] }], blob), 'CHECKPOINT_BAD_TENSOR');
    await refused(zipOf([{ ...W, size: [2n ** 62n, 3] }], blob), 'CHECKPOINT_BAD_TENSOR', /out of range/);
    await refused(zipOf([{ ...W, size: [1_000_000, 1_000_000] }], blob), 'CHECKPOINT_BAD_TENSOR');
    await refused(zipOf([{ ...W, stride: [1] }], blob), 'CHECKPOINT_BAD_TENSOR', /2 dims but stride 1/);
  });

  it('refuses pickles that are not a state dict', async () => {
    const list = pickle(P.proto(), P.emptyList(), P.stop());
    await refused(
      storedZip([['archive/data.pkl', list]]),
      'CHECKPOINT_NOT_STATE_DICT',
      /holds list, not a dict/,
    );
    const notTensor = pickle(P.proto(), P.emptyDict(), P.str('lr'), P.int(3), P.setitem(), P.stop());
    await refused(
      storedZip([['archive/data.pkl', notTensor]]),
      'CHECKPOINT_NOT_STATE_DICT',
      /"lr" is number/,
    );
  });

  it('refuses an archive over the byte budget', async () => {
    const err = await readTorchStateDict(smallCheckpoint(), { maxBytes: 100 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CHECKPOINT_TOO_LARGE' });
  });

  it('names the pickle entry and offset of a forbidden global inside a zip', async () => {
    const evil = pickle(P.proto(), P.global('posix', 'system'), P.str('id'), [0x85], P.reduce(), P.stop());
    const err = await refused(storedZip([['archive/data.pkl', evil]]), 'CHECKPOINT_FORBIDDEN_GLOBAL');
    expect(err.message).toBe(
      'hostile.pt: archive/data.pkl: byte 2: global "posix.system" is not allowed in a state dict',
    );
  });

  it('reports a missing file as unreadable', async () => {
    await expect(readTorchStateDictFile('/nonexistent/x.pt')).rejects.toMatchObject({
      code: 'CHECKPOINT_UNREADABLE',
    });
  });
});
