/**
 * A pickle interpreter restricted to what `torch.save(state_dict)` writes. It never imports or calls anything:
 * globals outside a fixed allow-list and every opcode a state dict does not need are refused with a typed error
 * naming the opcode or global and its byte offset. Memo, stack and MARK nesting are capped.
 */
import { CheckpointError, type CheckpointErrorCode } from './errors.js';
import { ACCEPTED_OPCODES, OPCODE_NAMES } from './pickle-opcodes.js';
import { describeValue, type PickleDict, type PickleValue } from './pickle-values.js';
import { buildState, callGlobal, isAllowedGlobal, persistentLoad, type Fail } from './torch-globals.js';

/** Caps on the interpreter's state. */
export interface PickleLimits {
  /** Most values on the stack, all MARK levels together (default 1,000,000). */
  readonly maxStack?: number;
  /** Most memo entries (default 1,000,000). */
  readonly maxMemo?: number;
  /** Deepest MARK nesting (default 64; a state dict needs 3). */
  readonly maxMarkDepth?: number;
}

/** Where the pickle came from, for error messages. */
export interface PickleSource {
  readonly source: string;
  readonly entry?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Runs a state-dict pickle and returns the value left by STOP.
 *
 * @example
 * ```ts
 * const value = readPickle(bytes, { source: 'model.pt', entry: 'archive/data.pkl' });
 * ```
 */
export function readPickle(bytes: Uint8Array, where: PickleSource, limits: PickleLimits = {}): PickleValue {
  const maxStack = limits.maxStack ?? 1_000_000;
  const maxMemo = limits.maxMemo ?? 1_000_000;
  const maxDepth = limits.maxMarkDepth ?? 64;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  let at = 0; // offset of the opcode being run
  let stack: PickleValue[] = [];
  const marks: PickleValue[][] = [];
  let depthTotal = 0;
  const memo = new Map<number, PickleValue>();

  const fail: Fail = (code: CheckpointErrorCode, message: string): never => {
    throw new CheckpointError(code, message, { ...where, offset: at });
  };
  const need = (n: number): number => {
    if (n < 0 || pos + n > bytes.length)
      fail('CHECKPOINT_BAD_PICKLE', `operand runs past the end of the pickle`);
    const p = pos;
    pos += n;
    return p;
  };
  const u8 = () => bytes[need(1)]!;
  const u16 = () => view.getUint16(need(2), true);
  const u32 = () => view.getUint32(need(4), true);
  const u64 = (): number => {
    const v = view.getBigUint64(need(8), true);
    return v > BigInt(bytes.length)
      ? fail('CHECKPOINT_BAD_PICKLE', `length ${v} exceeds the pickle`)
      : Number(v);
  };
  const text = (n: number): string => {
    const p = need(n);
    try {
      return utf8.decode(bytes.subarray(p, p + n));
    } catch {
      return fail('CHECKPOINT_BAD_PICKLE', 'string is not valid UTF-8');
    }
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0 || end - pos > 256) return fail('CHECKPOINT_BAD_PICKLE', 'GLOBAL name line is unterminated');
    const s = text(end - pos);
    pos += 1;
    return s;
  };
  const push = (v: PickleValue) => {
    if (depthTotal + stack.length >= maxStack)
      fail('CHECKPOINT_TOO_DEEP', `stack exceeds ${maxStack} values`);
    stack.push(v);
  };
  const pop = (): PickleValue =>
    stack.length === 0 ? fail('CHECKPOINT_BAD_PICKLE', 'stack underflow') : stack.pop()!;
  const top = (): PickleValue =>
    stack.length === 0 ? fail('CHECKPOINT_BAD_PICKLE', 'stack underflow') : stack[stack.length - 1]!;
  const popMark = (): PickleValue[] => {
    const items = stack;
    const outer = marks.pop();
    if (outer === undefined) return fail('CHECKPOINT_BAD_PICKLE', 'no MARK to pop to');
    depthTotal -= outer.length;
    stack = outer;
    return items;
  };
  const put = (i: number) => {
    if (!memo.has(i) && memo.size >= maxMemo) fail('CHECKPOINT_TOO_DEEP', `memo exceeds ${maxMemo} entries`);
    memo.set(i, top());
  };
  const get = (i: number) => {
    const v = memo.get(i);
    if (v === undefined) fail('CHECKPOINT_BAD_PICKLE', `memo key ${i} was never stored`);
    push(v!);
  };
  const dictOf = (v: PickleValue): PickleDict =>
    v !== null && typeof v === 'object' && v.kind === 'dict'
      ? v
      : fail('CHECKPOINT_BAD_PICKLE', `SETITEM target is ${describeValue(v)}, not a dict`);
  const setItems = (d: PickleDict, kv: readonly PickleValue[]) => {
    if (kv.length % 2) fail('CHECKPOINT_BAD_PICKLE', 'SETITEMS with an odd number of values');
    for (let i = 0; i < kv.length; i += 2) {
      const k = kv[i]!;
      if (typeof k !== 'string' && typeof k !== 'number')
        fail('CHECKPOINT_BAD_PICKLE', `dict key is ${describeValue(k)}, not a string or integer`);
      d.entries.set(k as string | number, kv[i + 1]!);
    }
  };
  const listOf = (v: PickleValue) =>
    v !== null && typeof v === 'object' && v.kind === 'list'
      ? v
      : fail('CHECKPOINT_BAD_PICKLE', `APPEND target is ${describeValue(v)}, not a list`);
  const global = (module: string, name: string) => {
    const qualified = `${module}.${name}`;
    if (!isAllowedGlobal(qualified))
      fail(
        'CHECKPOINT_FORBIDDEN_GLOBAL',
        `global ${JSON.stringify(qualified)} is not allowed in a state dict`,
      );
    push({ kind: 'global', name: qualified as never });
  };
  const tuple = (items: PickleValue[]) => push({ kind: 'tuple', items });

  for (;;) {
    at = pos;
    if (pos >= bytes.length) fail('CHECKPOINT_BAD_PICKLE', 'pickle ends without STOP');
    const op = u8();
    const name = OPCODE_NAMES.get(op);
    if (name === undefined)
      fail('CHECKPOINT_FORBIDDEN_OPCODE', `unknown opcode 0x${op.toString(16).padStart(2, '0')}`);
    if (!ACCEPTED_OPCODES.has(name!))
      fail('CHECKPOINT_FORBIDDEN_OPCODE', `opcode ${name} is not allowed in a state dict`);
    switch (name) {
      case 'PROTO': {
        const v = u8();
        if (v < 2 || v > 5) fail('CHECKPOINT_BAD_PICKLE', `pickle protocol ${v} is not 2 to 5`);
        break;
      }
      case 'FRAME':
        u64(); // frames only group opcodes; the whole pickle is already in memory
        break;
      case 'STOP': {
        const v = pop();
        if (stack.length || marks.length) fail('CHECKPOINT_BAD_PICKLE', 'values left on the stack at STOP');
        return v;
      }
      case 'MARK':
        if (marks.length >= maxDepth) fail('CHECKPOINT_TOO_DEEP', `MARK nesting exceeds ${maxDepth}`);
        marks.push(stack);
        depthTotal += stack.length;
        stack = [];
        break;
      case 'EMPTY_DICT':
        push({ kind: 'dict', ordered: false, entries: new Map() });
        break;
      case 'DICT': {
        const d: PickleDict = { kind: 'dict', ordered: false, entries: new Map() };
        setItems(d, popMark());
        push(d);
        break;
      }
      case 'EMPTY_LIST':
        push({ kind: 'list', items: [] });
        break;
      case 'LIST':
        push({ kind: 'list', items: popMark() });
        break;
      case 'EMPTY_TUPLE':
        tuple([]);
        break;
      case 'TUPLE':
        tuple(popMark());
        break;
      case 'TUPLE1':
        tuple([pop()]);
        break;
      case 'TUPLE2': {
        const b = pop();
        tuple([pop(), b]);
        break;
      }
      case 'TUPLE3': {
        const c = pop();
        const b = pop();
        tuple([pop(), b, c]);
        break;
      }
      case 'BINUNICODE':
        push(text(u32()));
        break;
      case 'SHORT_BINUNICODE':
        push(text(u8()));
        break;
      case 'BINUNICODE8':
        push(text(u64()));
        break;
      case 'BININT':
        push(view.getInt32(need(4), true));
        break;
      case 'BININT1':
        push(u8());
        break;
      case 'BININT2':
        push(u16());
        break;
      case 'LONG1': {
        const n = u8();
        if (n > 8) fail('CHECKPOINT_BAD_PICKLE', `LONG1 of ${n} bytes is beyond 64 bits`);
        const p = need(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[p + i]!);
        if (n > 0 && bytes[p + n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
        push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 'BINFLOAT':
        push(view.getFloat64(need(8), false));
        break;
      case 'NONE':
        push(null);
        break;
      case 'NEWTRUE':
        push(true);
        break;
      case 'NEWFALSE':
        push(false);
        break;
      case 'BINPUT':
        put(u8());
        break;
      case 'LONG_BINPUT':
        put(u32());
        break;
      case 'MEMOIZE':
        put(memo.size);
        break;
      case 'BINGET':
        get(u8());
        break;
      case 'LONG_BINGET':
        get(u32());
        break;
      case 'SETITEM': {
        const v = pop();
        const k = pop();
        setItems(dictOf(top()), [k, v]);
        break;
      }
      case 'SETITEMS': {
        const kv = popMark();
        setItems(dictOf(top()), kv);
        break;
      }
      case 'APPEND': {
        const v = pop();
        listOf(top()).items.push(v);
        break;
      }
      case 'APPENDS': {
        const vs = popMark();
        listOf(top()).items.push(...vs);
        break;
      }
      case 'GLOBAL': {
        const module = line();
        global(module, line());
        break;
      }
      case 'STACK_GLOBAL': {
        const n = pop();
        const m = pop();
        if (typeof m !== 'string' || typeof n !== 'string')
          fail('CHECKPOINT_BAD_PICKLE', 'STACK_GLOBAL needs two strings');
        global(m as string, n as string);
        break;
      }
      case 'REDUCE': {
        const args = pop();
        const fn = pop();
        if (fn === null || typeof fn !== 'object' || fn.kind !== 'global')
          return fail('CHECKPOINT_BAD_PICKLE', `REDUCE of ${describeValue(fn)}, not a global`);
        if (args === null || typeof args !== 'object' || args.kind !== 'tuple')
          return fail('CHECKPOINT_BAD_PICKLE', `REDUCE arguments are ${describeValue(args)}, not a tuple`);
        push(callGlobal(fn.name, args.items, fail));
        break;
      }
      case 'BINPERSID':
        push(persistentLoad(pop(), fail));
        break;
      case 'BUILD': {
        const state = pop();
        buildState(top(), state, fail);
        break;
      }
      default:
        fail('CHECKPOINT_FORBIDDEN_OPCODE', `opcode ${name} is not handled`);
    }
  }
}
