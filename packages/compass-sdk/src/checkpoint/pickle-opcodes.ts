/** Pickle opcode names (protocols 0-5), so a refusal can name the opcode it met. */

/** Every opcode byte pickle defines, by name. */
// prettier-ignore
export const OPCODE_NAMES: ReadonlyMap<number, string> = new Map(
  (
    [
      ['(', 'MARK'], ['.', 'STOP'], ['0', 'POP'], ['1', 'POP_MARK'], ['2', 'DUP'], ['F', 'FLOAT'], ['I', 'INT'],
      ['J', 'BININT'], ['K', 'BININT1'], ['L', 'LONG'], ['M', 'BININT2'], ['N', 'NONE'], ['P', 'PERSID'],
      ['Q', 'BINPERSID'], ['R', 'REDUCE'], ['S', 'STRING'], ['T', 'BINSTRING'], ['U', 'SHORT_BINSTRING'],
      ['V', 'UNICODE'], ['X', 'BINUNICODE'], ['a', 'APPEND'], ['b', 'BUILD'], ['c', 'GLOBAL'], ['d', 'DICT'],
      ['}', 'EMPTY_DICT'], ['e', 'APPENDS'], ['g', 'GET'], ['h', 'BINGET'], ['i', 'INST'], ['j', 'LONG_BINGET'],
      ['l', 'LIST'], [']', 'EMPTY_LIST'], ['o', 'OBJ'], ['p', 'PUT'], ['q', 'BINPUT'], ['r', 'LONG_BINPUT'],
      ['s', 'SETITEM'], ['t', 'TUPLE'], [')', 'EMPTY_TUPLE'], ['u', 'SETITEMS'], ['G', 'BINFLOAT'],
      ['B', 'BINBYTES'], ['C', 'SHORT_BINBYTES'],
    ] as const
  )
    .map(([c, n]) => [c.charCodeAt(0), n] as [number, string])
    .concat(
      [
        'PROTO', 'NEWOBJ', 'EXT1', 'EXT2', 'EXT4', 'TUPLE1', 'TUPLE2', 'TUPLE3', 'NEWTRUE', 'NEWFALSE', 'LONG1',
        'LONG4', 'SHORT_BINUNICODE', 'BINUNICODE8', 'BINBYTES8', 'EMPTY_SET', 'ADDITEMS', 'FROZENSET',
        'NEWOBJ_EX', 'STACK_GLOBAL', 'MEMOIZE', 'FRAME', 'BYTEARRAY8', 'NEXT_BUFFER', 'READONLY_BUFFER',
      ].map((n, i) => [0x80 + i, n] as [number, string]),
    ),
);

/** The opcodes a `torch.save(state_dict)` pickle uses (protocol 2, plus the framing ops of protocols 4-5). */
// prettier-ignore
export const ACCEPTED_OPCODES: ReadonlySet<string> = new Set([
  'PROTO', 'FRAME', 'STOP', 'MARK', 'EMPTY_DICT', 'EMPTY_LIST', 'EMPTY_TUPLE', 'DICT', 'LIST', 'TUPLE',
  'TUPLE1', 'TUPLE2', 'TUPLE3', 'BINUNICODE', 'SHORT_BINUNICODE', 'BINUNICODE8', 'BININT', 'BININT1',
  'BININT2', 'LONG1', 'BINFLOAT', 'NONE', 'NEWTRUE', 'NEWFALSE', 'BINPUT', 'LONG_BINPUT', 'MEMOIZE',
  'BINGET', 'LONG_BINGET', 'SETITEM', 'SETITEMS', 'APPEND', 'APPENDS', 'GLOBAL', 'STACK_GLOBAL', 'REDUCE',
  'BINPERSID', 'BUILD',
]);
